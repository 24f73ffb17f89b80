#include "tools/exchange-sim/futures_engine.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr const char* quote_asset = "USDT";

units abs_units(units v) {
  return v < 0 ? -v : v;
}

order_error error(int code, std::string msg) {
  return {code, std::move(msg)};
}

} // namespace

futures_engine::futures_engine(const account_options& opts, order_record& record)
  : opts_(opts), record_(record) {
  for (const auto& [asset, amount] : opts_.balances)
    if (asset == quote_asset)
      wallet_ += amount;
}

const futures_position& futures_engine::position(const std::string& symbol) {
  return positions_[symbol];
}

units futures_engine::mark(const std::string& symbol) const {
  auto it = marks_.find(symbol);
  return it == marks_.end() ? 0 : it->second;
}

void futures_engine::set_leverage(const std::string& symbol, int leverage) {
  positions_[symbol].leverage = leverage;
}

std::optional<order_error> futures_engine::set_margin_type(const std::string& symbol,
                                                           bool isolated) {
  auto& p = positions_[symbol];
  if (p.isolated == isolated)
    return error(-4046, "No need to change margin type.");
  p.isolated = isolated;
  return std::nullopt;
}

units futures_engine::unrealized(const std::string& symbol) const {
  auto it = positions_.find(symbol);
  if (it == positions_.end() || it->second.amt == 0)
    return 0;
  return mul8(mark(symbol) - it->second.entry, it->second.amt);
}

units futures_engine::unrealized() const {
  units sum = 0;
  for (const auto& [symbol, p] : positions_)
    sum += unrealized(symbol);
  return sum;
}

units futures_engine::position_margin() const {
  units sum = 0;
  for (const auto& [symbol, p] : positions_)
    sum += mul8(abs_units(p.amt), mark(symbol)) / p.leverage;
  return sum;
}

units futures_engine::order_margin() const {
  units sum = 0;
  for (const auto& [id, o] : book_.orders())
    if (o.is_open() && !o.reduce_only) {
      auto it = positions_.find(o.symbol);
      int leverage = it == positions_.end() ? futures_position{}.leverage : it->second.leverage;
      sum += mul8(o.remaining(), o.price) / leverage;
    }
  return sum;
}

units futures_engine::available() const {
  return wallet_ + unrealized() - position_margin() - order_margin();
}

units futures_engine::opening_qty(const std::string& symbol, bool buy, units qty) const {
  auto it = positions_.find(symbol);
  units amt = it == positions_.end() ? 0 : it->second.amt;
  bool against = buy ? amt < 0 : amt > 0;
  if (!against)
    return qty;
  return std::max<units>(0, qty - abs_units(amt));
}

placement futures_engine::place(sim_order o, units last, int64_t now) {
  placement out;
  marks_[o.symbol] = last;
  if (book_.open_with_client_id(o.symbol, o.client_order_id)) {
    out.error = error(-4116, "ClientOrderId is duplicated.");
    return out;
  }
  if (o.reduce_only && opening_qty(o.symbol, o.buy, o.orig_qty) == o.orig_qty) {
    out.error = error(-2022, "ReduceOnly Order is rejected.");
    return out;
  }
  auto taking = arrival_fill(o, last);
  if (taking && o.time_in_force == "GTX") {
    out.error = error(-5022, "Due to the order could not be executed as maker, the Post Only "
                             "order will be rejected. The order will not be recorded in the order "
                             "history");
    return out;
  }
  auto& p = positions_[o.symbol];
  units opening = o.reduce_only ? 0 : opening_qty(o.symbol, o.buy, o.orig_qty);
  if (mul8(opening, o.price == 0 ? last : o.price) / p.leverage > available()) {
    out.error = error(-2019, "Margin is insufficient.");
    return out;
  }
  o.order_id = book_.take_order_id();
  o.time = o.update_time = o.working_time = now;
  update_time_ = now;
  if (taking)
    out.fills.push_back(execute(o, *taking, o.remaining(), now));
  else if (o.time_in_force == "IOC" || o.time_in_force == "FOK")
    o.status = "EXPIRED";
  record_.order("futures", o);
  for (const auto& f : out.fills)
    record_.fill(f);
  out.order = book_.add(std::move(o));
  return out;
}

sim_fill futures_engine::execute(sim_order& o, const execution& x, units qty, int64_t now) {
  auto& p = positions_[o.symbol];
  if (o.reduce_only) // never more than the position it reduces
    qty = std::min(qty, abs_units(p.amt));
  units closing = qty - opening_qty(o.symbol, o.buy, qty);
  units pnl = 0;
  if (closing > 0) {
    pnl = mul8(x.price - p.entry, p.amt > 0 ? closing : -closing);
    wallet_ += pnl;
  }
  units opening = qty - closing;
  units signed_qty = o.buy ? qty : -qty;
  if (opening > 0) { // the average entry of what remains open
    units held = closing > 0 ? 0 : abs_units(p.amt);
    p.entry = (held * p.entry + opening * x.price) / (held + opening);
  }
  p.amt += signed_qty;
  if (p.amt == 0)
    p.entry = 0;
  p.update_time = now;
  auto f = book_.execute(o, x, qty, now);
  if (o.reduce_only && o.is_open() && p.amt == 0) // capped at the position it closed
    o.status = "EXPIRED";
  f.commission = mul8(f.quote_qty, x.maker ? opts_.maker_fee : opts_.taker_fee);
  f.commission_asset = quote_asset;
  f.realized_pnl = pnl;
  wallet_ -= f.commission;
  update_time_ = now;
  book_.book(f);
  return f;
}

placement futures_engine::place_algo(algo_order a, units last, int64_t now, algo_order*& out) {
  placement result;
  marks_[a.order.symbol] = last;
  for (const auto& [id, other] : algos_)
    if (other.status == "NEW" && other.order.client_order_id == a.order.client_order_id) {
      result.error = error(-4116, "ClientOrderId is duplicated.");
      return result;
    }
  if (stop_fires(a.order, last, last)) {
    result.error = error(-2021, "Order would immediately trigger.");
    return result;
  }
  a.order.order_id = next_algo_id_++;
  a.order.time = a.order.update_time = now;
  update_time_ = now;
  record_.order("futures_algo", a.order);
  auto [it, fresh] = algos_.emplace(a.order.order_id, std::move(a));
  out = &it->second;
  result.order = it->second.order;
  return result;
}

void futures_engine::fire(algo_order& a, int64_t now) {
  const auto& p = positions_[a.order.symbol];
  sim_order child;
  child.symbol = a.order.symbol;
  child.buy = a.order.buy;
  child.type = a.order.price == 0 ? "MARKET" : "LIMIT";
  child.time_in_force = a.order.price == 0 ? "" : "GTC";
  child.price = a.order.price;
  child.orig_qty = a.order.close_position ? abs_units(p.amt) : a.order.orig_qty;
  child.reduce_only = a.order.reduce_only || a.order.close_position;
  a.trigger_time = a.order.update_time = now;
  a.order.triggered = true;
  bool grows = opening_qty(child.symbol, child.buy, child.orig_qty) == child.orig_qty;
  if (child.orig_qty == 0 || (child.reduce_only && grows)) {
    a.status = a.order.status = "EXPIRED"; // nothing left to close
    record_.order("futures_algo", a.order);
    return;
  }
  child.order_id = book_.take_order_id();
  child.client_order_id = make_client_id();
  child.time = child.update_time = child.working_time = now;
  a.actual_order_id = child.order_id;
  a.status = a.order.status = "FINISHED";
  record_.order("futures_algo", a.order);
  units at = a.order.stop_price;
  bool marketable = child.price == 0 || (child.buy ? child.price >= at : child.price <= at);
  std::optional<sim_fill> fill;
  if (marketable)
    fill = execute(child, execution{at, false}, child.remaining(), now);
  record_.order("futures", child);
  if (fill)
    record_.fill(*fill);
  book_.add(std::move(child));
}

void futures_engine::on_market(const std::string& symbol, units lo, units hi, units last,
                               int64_t now, fill_budget budget) {
  marks_[symbol] = last;
  for (auto& [id, a] : algos_)
    if (a.status == "NEW" && a.order.symbol == symbol && stop_fires(a.order, lo, hi))
      fire(a, now);
  for (auto& [id, o] : book_.orders()) {
    if (o.symbol != symbol || !o.is_open())
      continue;
    auto x = resting_fill(o, lo, hi);
    if (!x)
      continue;
    if (o.reduce_only && opening_qty(symbol, o.buy, o.remaining()) == o.remaining()) {
      o.status = "EXPIRED"; // the position it would reduce is gone
      o.update_time = now;
      record_.order("futures", o);
      continue;
    }
    units qty = x->maker ? budget.take(o.remaining()) : o.remaining();
    if (qty > 0) {
      record_.fill(execute(o, *x, qty, now));
      record_.order("futures", o);
    }
  }
  marks_[symbol] = last;
}

const algo_order* futures_engine::find_algo(int64_t algo_id, const std::string& cid) const {
  const algo_order* found = nullptr;
  for (const auto& [id, a] : algos_)
    if (algo_id > 0 ? id == algo_id : a.order.client_order_id == cid)
      found = &a;
  return found;
}

placement futures_engine::cancel(const std::string& symbol, int64_t id, const std::string& cid,
                                 int64_t now) {
  placement out;
  auto* found = book_.find(symbol, id, cid);
  if (!found || !found->is_open()) {
    out.error = error(-2011, "Unknown order sent.");
    return out;
  }
  auto& o = *found;
  o.status = "CANCELED";
  o.update_time = now;
  update_time_ = now;
  record_.order("futures", o);
  out.order = o;
  return out;
}

std::optional<order_error> futures_engine::cancel_algo(int64_t algo_id, const std::string& cid,
                                                       int64_t now, const algo_order*& out) {
  const auto* found = find_algo(algo_id, cid);
  if (!found || found->status != "NEW")
    return error(-2011, "Unknown order sent.");
  auto& a = algos_.at(found->order.order_id);
  a.status = "CANCELED";
  a.order.update_time = now;
  a.order.status = "CANCELED";
  update_time_ = now;
  record_.order("futures_algo", a.order);
  out = &a;
  return std::nullopt;
}

std::vector<const algo_order*> futures_engine::open_algo_orders(const std::string& symbol) const {
  std::vector<const algo_order*> out;
  for (const auto& [id, a] : algos_)
    if (a.status == "NEW" && (symbol.empty() || a.order.symbol == symbol))
      out.push_back(&a);
  return out;
}

} // namespace tn::sim
