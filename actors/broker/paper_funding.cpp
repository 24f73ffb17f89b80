#include "actors/broker/paper_funding.hpp"

#include <algorithm>

namespace tn {

decimal funding_amount(decimal position, decimal mark, decimal rate) {
  if (position.is_zero() || rate.is_zero())
    return decimal{};
  auto notional = mul(abs(position), mark, rounding::nearest);
  // The account pays when the position and the rate have the same sign
  // (a long at a positive rate, a short at a negative one).
  bool pays = position.is_positive() == rate.is_positive();
  auto amount = mul(notional, abs(rate), pays ? rounding::up : rounding::down);
  return pays ? -amount : amount;
}

void funding_schedule::add(funding_due x) {
  auto at = x.time;
  queue_.arm(at, std::move(x));
}

std::vector<funding_due> funding_schedule::take_due(timestamp now) {
  auto due = queue_.take_due(now);
  due.erase(std::remove_if(due.begin(), due.end(),
                           [this](const funding_due& x) {
                             auto i = settled_.find(x.symbol);
                             return i != settled_.end() && x.time <= i->second;
                           }),
            due.end());
  return due;
}

void funding_schedule::settled_through(const std::string& symbol, timestamp t) {
  auto& at = settled_[symbol];
  at = std::max(at, t);
}

} // namespace tn
