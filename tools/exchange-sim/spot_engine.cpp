#include "tools/exchange-sim/spot_engine.hpp"

namespace tn::sim {

namespace {

order_error rejected(std::string msg) {
  return {-2010, std::move(msg)};
}

constexpr const char* insufficient = "Account has insufficient balance for requested action.";

} // namespace

spot_engine::spot_engine(const account_options& opts, order_record& record)
  : opts_(opts), record_(record) {
  for (const auto& [asset, amount] : opts_.balances)
    balances_[asset].free += amount;
}

std::pair<std::string, units> spot_engine::reservation(const sim_order& o, units qty) const {
  const auto& a = symbols_.at(o.symbol);
  if (o.buy)
    return {a.quote, mul8(qty, o.price)};
  return {a.base, qty};
}

std::optional<order_error> spot_engine::check_funds(const sim_order& o, units last) const {
  const auto& a = symbols_.at(o.symbol);
  auto it = balances_.find(o.buy ? a.quote : a.base);
  units free = it == balances_.end() ? 0 : it->second.free;
  units need = o.buy ? mul8(o.orig_qty, o.price == 0 ? last : o.price) : o.orig_qty;
  if (need > free)
    return rejected(insufficient);
  return std::nullopt;
}

placement spot_engine::place(sim_order o, const std::string& base, const std::string& quote,
                             units last, int64_t now, bool test) {
  placement out;
  symbols_[o.symbol] = {base, quote};
  if (book_.open_with_client_id(o.symbol, o.client_order_id)) {
    out.error = rejected("Duplicate order sent.");
    return out;
  }
  if (o.has_trigger() && stop_fires(o, last, last)) {
    out.error = rejected("Stop price would trigger immediately.");
    return out;
  }
  auto taking = arrival_fill(o, last);
  if (taking && o.type == "LIMIT_MAKER") {
    out.error = rejected("Order would immediately match and take.");
    return out;
  }
  if (auto err = check_funds(o, last)) {
    out.error = err;
    return out;
  }
  if (test)
    return out;
  o.order_id = book_.take_order_id();
  o.time = o.update_time = now;
  if (!o.has_trigger())
    o.working_time = now;
  update_time_ = now;
  if (o.price != 0) {
    auto [asset, amount] = reservation(o, o.orig_qty);
    balances_[asset].free -= amount;
    balances_[asset].locked += amount;
  }
  if (taking) {
    out.fills.push_back(execute(o, *taking, o.remaining(), now));
  } else if (o.time_in_force == "IOC" || o.time_in_force == "FOK") {
    o.status = "EXPIRED";
    auto [asset, amount] = reservation(o, o.orig_qty);
    balances_[asset].free += amount;
    balances_[asset].locked -= amount;
  }
  record_.order("spot", o);
  for (const auto& f : out.fills)
    record_.fill(f);
  out.order = book_.add(std::move(o));
  return out;
}

sim_fill spot_engine::execute(sim_order& o, const execution& x, units qty, int64_t now) {
  const auto& a = symbols_.at(o.symbol);
  units fee = x.maker ? opts_.maker_fee : opts_.taker_fee;
  if (o.price != 0) {
    // Release what the order locked for this quantity: the difference of
    // the locks before and after, so that the parts add up to the whole.
    auto [asset, before] = reservation(o, o.remaining());
    units amount = before - reservation(o, o.remaining() - qty).second;
    balances_[asset].locked -= amount;
    balances_[asset].free += amount;
  }
  auto f = book_.execute(o, x, qty, now);
  units quote_qty = f.quote_qty;
  // Binance charges the commission in the asset received.
  if (o.buy) {
    f.commission = mul8(qty, fee);
    f.commission_asset = a.base;
    balances_[a.quote].free -= quote_qty;
    balances_[a.base].free += qty - f.commission;
  } else {
    f.commission = mul8(quote_qty, fee);
    f.commission_asset = a.quote;
    balances_[a.base].free -= qty;
    balances_[a.quote].free += quote_qty - f.commission;
  }
  update_time_ = now;
  book_.book(f);
  return f;
}

placement spot_engine::cancel(const std::string& symbol, int64_t order_id,
                              const std::string& client_id, int64_t now) {
  placement out;
  auto* found = book_.find(symbol, order_id, client_id);
  if (!found || !found->is_open()) {
    out.error = order_error{-2011, "Unknown order sent."};
    return out;
  }
  auto& o = *found;
  if (o.price != 0) {
    auto [asset, amount] = reservation(o, o.remaining());
    balances_[asset].locked -= amount;
    balances_[asset].free += amount;
  }
  o.status = "CANCELED";
  o.update_time = now;
  update_time_ = now;
  record_.order("spot", o);
  out.order = o;
  return out;
}

void spot_engine::on_market(const std::string& symbol, units lo, units hi, int64_t now,
                            fill_budget budget) {
  for (auto& [id, o] : book_.orders()) {
    if (o.symbol != symbol || !o.is_open())
      continue;
    if (stop_fires(o, lo, hi)) {
      o.triggered = true;
      o.update_time = o.working_time = now;
      record_.order("spot", o);
    }
    auto x = resting_fill(o, lo, hi);
    units qty = !x ? 0 : x->maker ? budget.take(o.remaining()) : o.remaining();
    if (qty > 0) {
      record_.fill(execute(o, *x, qty, now));
      record_.order("spot", o);
    }
  }
}

} // namespace tn::sim
