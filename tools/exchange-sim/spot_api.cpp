#include "tools/exchange-sim/spot_api.hpp"

#include "tools/exchange-sim/assets.hpp"
#include "tools/exchange-sim/filters.hpp"
#include "tools/exchange-sim/order_params.hpp"
#include "tools/exchange-sim/spot_render.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr std::string_view order_types[] = {"LIMIT", "MARKET", "LIMIT_MAKER", "STOP_LOSS_LIMIT"};

http_reply engine_error(const order_error& e) {
  return error_reply(400, e.code, e.msg);
}

/// The symbol's price now, at 8 decimals.
units last_price(const market& m, const symbol_rules& r, const rest_context& ctx) {
  const auto* s = m.find(r.symbol);
  auto price = s ? current_price(*s, ctx) : std::nullopt;
  return price ? to_order_scale(*price, s->scale.price) : 0;
}

/// Reads POST /api/v3/order's parameters into `o`; `resp_type` gets
/// newOrderRespType or its default.
std::optional<http_reply> read_new_order(const request_target& t, sim_order& o,
                                         std::optional<units>& quote_qty, std::string& resp_type) {
  if (auto err = read_side(t, o.buy))
    return err;
  const auto* type = t.get("type");
  if (!type || type->empty())
    return missing_param("type");
  if (std::find(std::begin(order_types), std::end(order_types), *type) == std::end(order_types))
    return error_reply(400, -1116, "Invalid orderType.");
  o.type = *type;
  bool market = o.type == "MARKET";
  bool needs_tif = o.type == "LIMIT" || o.type == "STOP_LOSS_LIMIT";
  if (const auto* tif = t.get("timeInForce")) {
    if (!needs_tif)
      return refuse_param(t, "timeInForce");
    if (*tif != "GTC" && *tif != "IOC" && *tif != "FOK")
      return error_reply(400, -1115, "Invalid timeInForce.");
    o.time_in_force = *tif;
  } else if (needs_tif) {
    return missing_param("timeInForce");
  }
  if (market) {
    if (auto err = refuse_param(t, "price"))
      return err;
    if (auto err = read_decimal(t, "quoteOrderQty", quote_qty))
      return err;
  } else if (auto err = require_decimal(t, "price", o.price)) {
    return err;
  }
  if (!quote_qty)
    if (auto err = require_decimal(t, "quantity", o.orig_qty))
      return err;
  if (o.type == "STOP_LOSS_LIMIT") {
    if (auto err = require_decimal(t, "stopPrice", o.stop_price))
      return err;
  } else if (auto err = refuse_param(t, "stopPrice")) {
    return err;
  }
  if (auto err = read_client_id(t, "newClientOrderId", false, o.client_order_id))
    return err;
  resp_type = market || o.type == "LIMIT" ? "FULL" : "ACK";
  if (const auto* rt = t.get("newOrderRespType")) {
    if (*rt != "ACK" && *rt != "RESULT" && *rt != "FULL")
      return error_reply(400, -1100, "Illegal characters found in parameter 'newOrderRespType'; "
                                     "legal range is 'ACK, RESULT, FULL'.");
    resp_type = *rt;
  }
  return std::nullopt;
}

http_reply new_order(spot_engine& engine, const market& m, const exchange_info& info,
                     const request_target& t, const rest_context& ctx, bool test) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(info, t, rules))
    return *err;
  sim_order o;
  o.symbol = rules->symbol;
  std::optional<units> quote_qty;
  std::string resp_type;
  if (auto err = read_new_order(t, o, quote_qty, resp_type))
    return *err;
  auto filters = read_filters(*rules);
  units last = last_price(m, *rules, ctx);
  if (quote_qty) { // spend (or receive) this much quote, in whole lots
    if (last == 0)
      return error_reply(400, -2010, "Market is closed.");
    o.orig_qty = *quote_qty * pow10(order_scale) / last;
    if (filters.lot && filters.lot->step > 0)
      o.orig_qty = floor_to(o.orig_qty, filters.lot->step);
  }
  order_shape shape{o.type == "MARKET", o.price, o.stop_price, o.orig_qty, last};
  if (auto failed = failed_filter(filters, shape))
    return filter_failure(*failed);
  if (o.client_order_id.empty())
    o.client_order_id = engine.make_client_id();
  auto [base, quote] = split_symbol(o.symbol);
  auto placed = engine.place(o, base, quote, last, ctx.wall_ms, test);
  if (placed.error)
    return engine_error(*placed.error);
  if (test)
    return json_reply(200, "{}");
  return json_reply(200, render_spot_new_order(placed.order, placed.fills, resp_type, ctx.wall_ms));
}

/// The order named by orderId or origClientOrderId; an error reply if
/// neither is given or they are malformed.
std::optional<http_reply> read_order_ref(const request_target& t, int64_t& order_id,
                                         std::string& client_id) {
  std::optional<int64_t> id;
  if (auto err = read_int(t, "orderId", id))
    return err;
  if (auto err = read_client_id(t, "origClientOrderId", false, client_id))
    return err;
  if (!id && client_id.empty())
    return error_reply(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but "
                                   "both were empty/null!");
  order_id = id.value_or(0);
  return std::nullopt;
}

/// The symbol and the order reference of GET and DELETE /api/v3/order.
struct order_ref {
  const symbol_rules* rules = nullptr;
  int64_t id = 0;
  std::string cid;
};

std::optional<http_reply> read_ref(const exchange_info& info, const request_target& t,
                                   order_ref& out) {
  if (auto err = read_symbol(info, t, out.rules))
    return err;
  return read_order_ref(t, out.id, out.cid);
}

http_reply query_order(const spot_engine& engine, const exchange_info& info,
                       const request_target& t) {
  order_ref ref;
  if (auto err = read_ref(info, t, ref))
    return *err;
  const auto& [rules, id, cid] = ref;
  const auto* o = engine.find(rules->symbol, id, cid);
  if (!o)
    return no_such_order();
  return json_reply(200, render_spot_order(*o));
}

http_reply cancel_order(spot_engine& engine, const exchange_info& info, const request_target& t,
                        const rest_context& ctx) {
  order_ref ref;
  if (auto err = read_ref(info, t, ref))
    return *err;
  const auto& [rules, id, cid] = ref;
  std::string cancel_id;
  if (auto err = read_client_id(t, "newClientOrderId", false, cancel_id))
    return *err;
  auto done = engine.cancel(rules->symbol, id, cid, ctx.wall_ms);
  if (done.error)
    return engine_error(*done.error);
  if (cancel_id.empty())
    cancel_id = engine.make_client_id();
  return json_reply(200, render_spot_cancel(done.order, cancel_id, ctx.wall_ms));
}

http_reply open_orders(spot_engine& engine, const exchange_info& info, std::string_view method,
                       const request_target& t, const rest_context& ctx) {
  const symbol_rules* rules = nullptr;
  if ((t.get("symbol") || method == "DELETE"))
    if (auto err = read_symbol(info, t, rules))
      return *err;
  auto symbol = rules ? rules->symbol : std::string{};
  std::string body = "[";
  for (const auto* o : engine.open_orders(symbol)) {
    body += body.size() == 1 ? "" : ",";
    if (method == "GET") {
      body += render_spot_order(*o);
    } else {
      auto done = engine.cancel(o->symbol, o->order_id, {}, ctx.wall_ms);
      body += render_spot_cancel(done.order, engine.make_client_id(), ctx.wall_ms);
    }
  }
  return json_reply(200, body + "]");
}

http_reply my_trades(const spot_engine& engine, const exchange_info& info,
                     const request_target& t) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(info, t, rules))
    return *err;
  std::optional<int64_t> order_id, from_id, start, end, limit;
  for (auto [name, field] : {std::pair{"orderId", &order_id}, {"fromId", &from_id},
                             {"startTime", &start}, {"endTime", &end}, {"limit", &limit}})
    if (auto err = read_int(t, name, *field))
      return *err;
  std::vector<const sim_fill*> out;
  for (const auto* f : engine.trades(rules->symbol, order_id.value_or(0)))
    if ((!from_id || f->trade_id >= *from_id) && (!start || f->time >= *start)
        && (!end || f->time <= *end))
      out.push_back(f);
  size_t cap = static_cast<size_t>(std::min<int64_t>(limit.value_or(500), 1000));
  if (out.size() > cap) // the latest, unless fromId asks for the earliest
    out = from_id ? std::vector<const sim_fill*>(out.begin(), out.begin() + cap)
                  : std::vector<const sim_fill*>(out.end() - cap, out.end());
  return json_reply(200, render_spot_trades(out));
}

/// Wallet and margin lists a client loads with its markets: the simulator
/// has no deposit networks and no margin trading, so they are empty.
bool is_empty_sapi(std::string_view path) {
  return path == "/sapi/v1/capital/config/getall" || path == "/sapi/v1/margin/allPairs"
         || path == "/sapi/v1/margin/isolated/allPairs";
}

} // namespace

bool is_spot_private(std::string_view path) {
  return path == "/api/v3/order" || path == "/api/v3/order/test" || path == "/api/v3/openOrders"
         || path == "/api/v3/account" || path == "/api/v3/myTrades"
         || is_empty_sapi(path);
}

bool places_order(std::string_view method, std::string_view path) {
  return method == "POST"
         && (path == "/api/v3/order" || path == "/fapi/v1/order" || path == "/fapi/v1/algoOrder");
}

http_reply handle_spot_private(spot_engine& engine, const market& m, const exchange_info& info,
                               std::string_view method, const request_target& t,
                               const rest_context& ctx) {
  const auto& path = t.path;
  if (path == "/api/v3/order" && method == "POST")
    return new_order(engine, m, info, t, ctx, false);
  if (path == "/api/v3/order/test" && method == "POST")
    return new_order(engine, m, info, t, ctx, true);
  if (path == "/api/v3/order" && method == "GET")
    return query_order(engine, info, t);
  if (path == "/api/v3/order" && method == "DELETE")
    return cancel_order(engine, info, t, ctx);
  if (path == "/api/v3/openOrders" && (method == "GET" || method == "DELETE"))
    return open_orders(engine, info, method, t, ctx);
  if (path == "/api/v3/account" && method == "GET") {
    const auto* omit = t.get("omitZeroBalances");
    return json_reply(200, render_spot_account(engine, omit && *omit == "true"));
  }
  if (path == "/api/v3/myTrades" && method == "GET")
    return my_trades(engine, info, t);
  if (is_empty_sapi(path) && method == "GET")
    return json_reply(200, "[]");

  return error_reply(404, -1000, "Unknown endpoint " + std::string{method} + " " + path + ".");
}

} // namespace tn::sim
