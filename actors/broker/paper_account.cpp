#include "actors/broker/paper_account.hpp"

#include <chrono>

namespace tn {

paper_account::paper_account(std::string quote_asset) : quote_(std::move(quote_asset)) {
}

void paper_account::set_balances(const std::map<std::string, decimal>& totals) {
  balances_.clear();
  for (auto& [asset, amount] : totals)
    balances_[asset] = asset_balance{asset, amount, decimal{}};
}

void paper_account::restore(const execution_journal& j) {
  for (auto& p : j.positions) {
    auto base = base_asset(p.symbol, quote_);
    if (base.empty())
      continue;
    auto& h = holdings_[base];
    h.quantity += p.quantity;
    h.cost += mul(p.quantity, p.entry_price, rounding::up) + p.fees;
  }
  day_ = j.day;
  pnl_day_ = j.realized_pnl_day;
  auto fees = j.fees_day.find(quote_);
  fees_day_ = fees == j.fees_day.end() ? decimal{} : fees->second;
}

decimal paper_account::free(const std::string& asset) const {
  auto i = balances_.find(asset);
  return i == balances_.end() ? decimal{} : i->second.free;
}

bool paper_account::lock(const std::string& asset, decimal amount) {
  auto& b = balances_[asset];
  b.asset = asset;
  if (b.free < amount)
    return false;
  b.free -= amount;
  b.locked += amount;
  return true;
}

void paper_account::unlock(const std::string& asset, decimal amount) {
  auto& b = balances_[asset];
  b.locked -= amount;
  b.free += amount;
}

bool paper_account::book(const fill& f, const std::string& base, decimal locked) {
  auto notional = mul(f.quantity, f.price, rounding::nearest);
  roll(f.ts);
  auto& quote = balances_[quote_];
  quote.asset = quote_;
  auto& held = balances_[base];
  held.asset = base;
  auto& h = holdings_[base];
  if (f.side == order_side::buy) {
    auto cost = notional + f.fee;
    if (quote.free + locked < cost)
      return false;
    quote.locked -= locked;
    quote.free += locked - cost;
    held.free += f.quantity;
    h.quantity += f.quantity;
    h.cost += cost;
  } else {
    held.locked -= locked;
    held.free += locked - f.quantity;
    quote.free += notional - f.fee;
    // The cost of what is sold leaves in proportion; what was never bought
    // here (a starting balance) sold at zero cost.
    auto sold_cost = h.quantity.is_positive() && f.quantity < h.quantity
                       ? mul(h.cost, div(f.quantity, h.quantity, rounding::nearest))
                       : h.cost;
    h.quantity = max(h.quantity - f.quantity, decimal{});
    h.cost -= sold_cost;
    pnl_day_ += notional - f.fee - sold_cost;
  }
  fees_day_ += f.fee;
  return true;
}

decimal paper_account::position(const std::string& base) const {
  auto i = balances_.find(base);
  return i == balances_.end() ? decimal{} : i->second.free + i->second.locked;
}

void paper_account::book_funding(decimal amount) {
  auto& quote = balances_[quote_];
  quote.asset = quote_;
  quote.free += amount;
}

std::vector<asset_balance> paper_account::balances() const {
  std::vector<asset_balance> out;
  for (auto& [asset, b] : balances_)
    if (!b.free.is_zero() || !b.locked.is_zero())
      out.push_back(b);
  return out;
}

account_state paper_account::state(timestamp now,
                                   const std::map<std::string, decimal>& last_prices) const {
  account_state out;
  out.ts = now;
  out.quote_asset = quote_;
  for (auto& [asset, b] : balances_) {
    auto total = b.free + b.locked;
    if (asset == quote_) {
      out.quote_balance = total;
      out.equity += total;
    } else if (auto price = last_prices.find(asset + quote_); price != last_prices.end()) {
      out.equity += mul(total, price->second);
    }
  }
  out.balances = balances();
  if (utc_day(now) == day_) {
    out.realized_pnl_today = pnl_day_;
    out.fees_today = fees_day_;
  }
  return out;
}

void paper_account::roll(timestamp ts) {
  auto day = utc_day(ts);
  if (day <= day_)
    return;
  day_ = day;
  pnl_day_ = decimal{};
  fees_day_ = decimal{};
}

std::string base_asset(const std::string& symbol, const std::string& quote) {
  if (symbol.size() <= quote.size()
      || symbol.compare(symbol.size() - quote.size(), quote.size(), quote) != 0)
    return {};
  return symbol.substr(0, symbol.size() - quote.size());
}

timestamp utc_day(timestamp t) {
  using days = std::chrono::duration<int64_t, std::ratio<86400>>;
  return std::chrono::floor<days>(t);
}

} // namespace tn
