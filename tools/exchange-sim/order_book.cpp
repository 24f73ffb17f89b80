#include "tools/exchange-sim/order_book.hpp"

#include <utility>

namespace tn::sim {

bool order_book::open_with_client_id(const std::string& symbol,
                                     const std::string& client_id) const {
  for (const auto& [id, o] : orders_)
    if (o.is_open() && o.symbol == symbol && o.client_order_id == client_id)
      return true;
  return false;
}

sim_order& order_book::add(sim_order o) {
  auto id = o.order_id;
  return orders_.insert_or_assign(id, std::move(o)).first->second;
}

const sim_order* order_book::find(const std::string& symbol, int64_t order_id,
                                  const std::string& client_id) const {
  const sim_order* found = nullptr; // the latest order with that client id
  for (const auto& [id, o] : orders_)
    if (o.symbol == symbol && (order_id > 0 ? id == order_id : o.client_order_id == client_id))
      found = &o;
  return found;
}

sim_order* order_book::find(const std::string& symbol, int64_t order_id,
                            const std::string& client_id) {
  return const_cast<sim_order*>(std::as_const(*this).find(symbol, order_id, client_id));
}

std::vector<const sim_order*> order_book::open_orders(const std::string& symbol) const {
  std::vector<const sim_order*> out;
  for (const auto& [id, o] : orders_)
    if (o.is_open() && (symbol.empty() || o.symbol == symbol))
      out.push_back(&o);
  return out;
}

sim_fill order_book::execute(sim_order& o, const execution& x, units qty, int64_t now) {
  sim_fill f;
  f.market = market_;
  f.symbol = o.symbol;
  f.trade_id = next_trade_id_++;
  f.order_id = o.order_id;
  f.client_order_id = o.client_order_id;
  f.buy = o.buy;
  f.maker = x.maker;
  f.price = x.price;
  f.qty = qty;
  f.quote_qty = mul8(qty, x.price);
  f.time = now;
  o.executed_qty += qty;
  o.cum_quote += f.quote_qty;
  o.status = o.executed_qty == o.orig_qty ? "FILLED" : "PARTIALLY_FILLED";
  o.update_time = now;
  return f;
}

std::vector<const sim_fill*> order_book::trades(const std::string& symbol,
                                                int64_t order_id) const {
  std::vector<const sim_fill*> out;
  for (const auto& f : trades_)
    if (f.symbol == symbol && (order_id <= 0 || f.order_id == order_id))
      out.push_back(&f);
  return out;
}

} // namespace tn::sim
