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

std::string spot_engine::make_client_id() {
  return client_id_for(++client_ids_);
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
  for (const auto& [id, other] : orders_)
    if (other.is_open() && other.symbol == o.symbol && other.client_order_id == o.client_order_id) {
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
  o.order_id = next_order_id_++;
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
    out.fills.push_back(execute(o, *taking, now));
  } else if (o.time_in_force == "IOC" || o.time_in_force == "FOK") {
    o.status = "EXPIRED";
    auto [asset, amount] = reservation(o, o.orig_qty);
    balances_[asset].free += amount;
    balances_[asset].locked -= amount;
  }
  record_.order("spot", o);
  for (const auto& f : out.fills)
    record_.fill(f);
  orders_.emplace(o.order_id, o);
  out.order = std::move(o);
  return out;
}

sim_fill spot_engine::execute(sim_order& o, const execution& x, int64_t now) {
  const auto& a = symbols_.at(o.symbol);
  units qty = o.remaining();
  units quote_qty = mul8(qty, x.price);
  units fee = x.maker ? opts_.maker_fee : opts_.taker_fee;
  if (o.price != 0) { // release what the order locked for this quantity
    auto [asset, amount] = reservation(o, qty);
    balances_[asset].locked -= amount;
    balances_[asset].free += amount;
  }
  sim_fill f;
  f.market = "spot";
  f.symbol = o.symbol;
  f.trade_id = next_trade_id_++;
  f.order_id = o.order_id;
  f.client_order_id = o.client_order_id;
  f.buy = o.buy;
  f.maker = x.maker;
  f.price = x.price;
  f.qty = qty;
  f.quote_qty = quote_qty;
  f.time = now;
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
  o.executed_qty += qty;
  o.cum_quote += quote_qty;
  o.status = "FILLED";
  o.update_time = now;
  update_time_ = now;
  trades_.push_back(f);
  return f;
}

const sim_order* spot_engine::find(const std::string& symbol, int64_t order_id,
                                   const std::string& client_id) const {
  if (order_id > 0) {
    auto it = orders_.find(order_id);
    return it != orders_.end() && it->second.symbol == symbol ? &it->second : nullptr;
  }
  const sim_order* found = nullptr; // the latest order with that id
  for (const auto& [id, o] : orders_)
    if (o.symbol == symbol && o.client_order_id == client_id)
      found = &o;
  return found;
}

placement spot_engine::cancel(const std::string& symbol, int64_t order_id,
                              const std::string& client_id, int64_t now) {
  placement out;
  const auto* found = find(symbol, order_id, client_id);
  if (!found || !found->is_open()) {
    out.error = order_error{-2011, "Unknown order sent."};
    return out;
  }
  auto& o = orders_.at(found->order_id);
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

std::vector<const sim_order*> spot_engine::open_orders(const std::string& symbol) const {
  std::vector<const sim_order*> out;
  for (const auto& [id, o] : orders_)
    if (o.is_open() && (symbol.empty() || o.symbol == symbol))
      out.push_back(&o);
  return out;
}

std::vector<const sim_fill*> spot_engine::trades(const std::string& symbol,
                                                 int64_t order_id) const {
  std::vector<const sim_fill*> out;
  for (const auto& f : trades_)
    if (f.symbol == symbol && (order_id <= 0 || f.order_id == order_id))
      out.push_back(&f);
  return out;
}

void spot_engine::on_market(const std::string& symbol, units lo, units hi, int64_t now) {
  for (auto& [id, o] : orders_) {
    if (o.symbol != symbol || !o.is_open())
      continue;
    if (stop_fires(o, lo, hi)) {
      o.triggered = true;
      o.update_time = o.working_time = now;
      record_.order("spot", o);
    }
    if (auto x = resting_fill(o, lo, hi)) {
      record_.fill(execute(o, *x, now));
      record_.order("spot", o);
    }
  }
}

} // namespace tn::sim
