#include "actors/broker/paper_config.hpp"

namespace tn {

namespace {

/// A rate is a fraction: 0 <= x <= `cap`.
std::string check_rate(const char* key, decimal x, decimal cap) {
  if (x.is_negative() || x > cap)
    return std::string{"paper."} + key + ": " + to_string(x) + " is outside [0, " + to_string(cap)
           + "] (a fraction: 0.001 is 0.1 %)";
  return {};
}

} // namespace

std::string paper_config::validate() const {
  if (quote_asset.empty())
    return "paper.quote_asset: empty";
  for (auto& [asset, amount] : starting_balances) {
    if (asset.empty())
      return "paper.starting_balances: an asset without a name";
    if (amount.is_negative())
      return "paper.starting_balances." + asset + ": " + to_string(amount) + " is negative";
  }
  auto one_percent = decimal::from_units(1'000'000);
  for (auto problem : {check_rate("maker_fee", maker_fee, one_percent),
                       check_rate("taker_fee", taker_fee, one_percent),
                       check_rate("slippage", slippage, decimal::from_units(5'000'000))})
    if (!problem.empty())
      return problem;
  if (maker_fallback.count() < 0)
    return "paper.maker_fallback: negative (0 turns the fallback off)";
  return {};
}

} // namespace tn
