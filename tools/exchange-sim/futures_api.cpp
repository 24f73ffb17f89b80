#include "tools/exchange-sim/futures_api.hpp"

#include "tools/exchange-sim/filters.hpp"
#include "tools/exchange-sim/futures_render.hpp"
#include "tools/exchange-sim/order_params.hpp"
#include "tools/exchange-sim/render.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr std::string_view algo_types[] = {"STOP_MARKET", "TAKE_PROFIT_MARKET", "STOP",
                                           "TAKE_PROFIT"};

struct call {
  futures_engine& engine;
  const market& m;
  const exchange_info& info;
  const request_target& t;
  const rest_context& ctx;

  scales precision(const std::string& symbol) const {
    const auto* s = m.find(symbol);
    return s ? s->scale : scales{};
  }

  units last(const std::string& symbol) const {
    const auto* s = m.find(symbol);
    auto price = s ? current_price(*s, ctx) : std::nullopt;
    return price ? to_order_scale(*price, s->scale.price) : 0;
  }
};

http_reply engine_error(const order_error& e) {
  return error_reply(400, e.code, e.msg);
}

/// "true"/"false" flags; absent is false.
std::optional<http_reply> read_flag(const request_target& t, std::string_view name, bool& out) {
  const auto* v = t.get(name);
  out = v && *v == "true";
  if (v && *v != "true" && *v != "false")
    return illegal_param(name, "true, false");
  return std::nullopt;
}

std::optional<http_reply> check_filters(const symbol_rules& rules, const sim_order& o, units last) {
  order_shape shape{o.type == "MARKET" || o.type.find("MARKET") != std::string::npos, o.price,
                    o.stop_price, o.orig_qty, last};
  if (o.close_position)
    return std::nullopt; // its quantity is the position's, known at the trigger
  if (auto failed = failed_filter(read_filters(rules), shape))
    return filter_failure(*failed);
  return std::nullopt;
}

http_reply new_order(const call& c) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  sim_order o;
  o.symbol = rules->symbol;
  if (auto err = read_side(c.t, o.buy))
    return *err;
  const auto* type = c.t.get("type");
  if (!type || type->empty())
    return missing_param("type");
  if (std::find(std::begin(algo_types), std::end(algo_types), *type) != std::end(algo_types)
      || *type == "TRAILING_STOP_MARKET")
    return error_reply(400, -4120, "Order type not supported for this endpoint. Please use the "
                                   "Algo Order API endpoints instead.");
  if (*type != "LIMIT" && *type != "MARKET")
    return error_reply(400, -1116, "Invalid orderType.");
  o.type = *type;
  if (o.type == "LIMIT") {
    const auto* tif = c.t.get("timeInForce");
    if (!tif)
      return missing_param("timeInForce");
    if (*tif != "GTC" && *tif != "IOC" && *tif != "FOK" && *tif != "GTX")
      return error_reply(400, -1115, "Invalid timeInForce.");
    o.time_in_force = *tif;
    if (auto err = require_decimal(c.t, "price", o.price))
      return *err;
  }
  if (auto err = require_decimal(c.t, "quantity", o.orig_qty))
    return *err;
  if (auto err = read_flag(c.t, "reduceOnly", o.reduce_only))
    return *err;
  if (auto err = read_client_id(c.t, "newClientOrderId", true, o.client_order_id))
    return *err;
  units last = c.last(o.symbol);
  if (auto err = check_filters(*rules, o, last))
    return *err;
  if (o.client_order_id.empty())
    o.client_order_id = c.engine.make_client_id();
  auto placed = c.engine.place(o, last, c.ctx.wall_ms);
  if (placed.error)
    return engine_error(*placed.error);
  return json_reply(200, render_futures_order_result(placed.order, c.precision(o.symbol)));
}

std::optional<http_reply> read_order_ref(const request_target& t, int64_t& id, std::string& cid,
                                         std::string_view id_name, std::string_view cid_name) {
  std::optional<int64_t> value;
  if (auto err = read_int(t, id_name, value))
    return err;
  if (auto err = read_client_id(t, cid_name, true, cid))
    return err;
  if (!value && cid.empty())
    return error_reply(400, -1102, "Param '" + std::string{cid_name} + "' or '" + std::string{id_name}
                                     + "' must be sent, but both were empty/null!");
  id = value.value_or(0);
  return std::nullopt;
}

http_reply order(const call& c, std::string_view method) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  int64_t id = 0;
  std::string cid;
  if (auto err = read_order_ref(c.t, id, cid, "orderId", "origClientOrderId"))
    return *err;
  auto sc = c.precision(rules->symbol);
  if (method == "GET") {
    const auto* o = c.engine.find(rules->symbol, id, cid);
    return o ? json_reply(200, render_futures_order(*o, sc)) : no_such_order();
  }
  auto done = c.engine.cancel(rules->symbol, id, cid, c.ctx.wall_ms);
  if (done.error)
    return engine_error(*done.error);
  return json_reply(200, render_futures_order_result(done.order, sc));
}

http_reply new_algo(const call& c) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  const auto* algo_type = c.t.get("algoType");
  if (!algo_type || algo_type->empty())
    return missing_param("algoType");
  if (*algo_type != "CONDITIONAL")
    return error_reply(400, -1130, "Data sent for parameter 'algoType' is not valid.");
  algo_order a;
  auto& o = a.order;
  o.symbol = rules->symbol;
  if (auto err = read_side(c.t, o.buy))
    return *err;
  const auto* type = c.t.get("type");
  if (!type || type->empty())
    return missing_param("type");
  if (std::find(std::begin(algo_types), std::end(algo_types), *type) == std::end(algo_types))
    return error_reply(400, -1116, "Invalid orderType.");
  o.type = *type;
  if (auto err = require_decimal(c.t, "triggerPrice", o.stop_price))
    return *err;
  bool limit = o.type == "STOP" || o.type == "TAKE_PROFIT";
  if (limit) {
    if (auto err = require_decimal(c.t, "price", o.price))
      return *err;
    o.time_in_force = "GTC";
  }
  if (auto err = read_flag(c.t, "closePosition", o.close_position))
    return *err;
  if (auto err = read_flag(c.t, "reduceOnly", o.reduce_only))
    return *err;
  if (o.close_position) {
    if (limit || c.t.get("quantity"))
      return error_reply(400, -1106, "Parameter 'quantity' sent when not required.");
    if (c.t.get("reduceOnly"))
      return error_reply(400, -1106, "Parameter 'reduceOnly' sent when not required.");
  } else if (auto err = require_decimal(c.t, "quantity", o.orig_qty)) {
    return *err;
  }
  if (const auto* wt = c.t.get("workingType")) {
    if (*wt != "MARK_PRICE" && *wt != "CONTRACT_PRICE")
      return illegal_param("workingType", "MARK_PRICE, CONTRACT_PRICE");
    o.working_type = *wt;
  }
  if (auto err = read_client_id(c.t, "clientAlgoId", true, o.client_order_id))
    return *err;
  units last = c.last(o.symbol);
  if (auto err = check_filters(*rules, o, last))
    return *err;
  if (o.client_order_id.empty())
    o.client_order_id = c.engine.make_client_id();
  algo_order* stored = nullptr;
  auto placed = c.engine.place_algo(std::move(a), last, c.ctx.wall_ms, stored);
  if (placed.error)
    return engine_error(*placed.error);
  return json_reply(200, render_algo_order(*stored, c.precision(rules->symbol)));
}

http_reply algo(const call& c, std::string_view method) {
  int64_t id = 0;
  std::string cid;
  if (auto err = read_order_ref(c.t, id, cid, "algoId", "clientAlgoId"))
    return *err;
  if (method == "GET") {
    const auto* a = c.engine.find_algo(id, cid);
    return a ? json_reply(200, render_algo_order(*a, c.precision(a->order.symbol)))
             : no_such_order();
  }
  const algo_order* a = nullptr;
  if (auto err = c.engine.cancel_algo(id, cid, c.ctx.wall_ms, a))
    return engine_error(*err);
  std::string body = "{";
  json_int(body, "algoId", a->order.order_id);
  json_string(body, "clientAlgoId", a->order.client_order_id);
  json_string(body, "code", "200");
  json_string(body, "msg", "success");
  return json_reply(200, body + "}");
}

/// The symbol named by symbol=, or every served symbol.
std::optional<http_reply> symbols_of(const call& c, std::vector<std::string>& out) {
  if (c.t.get("symbol")) {
    const symbol_rules* rules = nullptr;
    if (auto err = read_symbol(c.info, c.t, rules))
      return err;
    out.push_back(rules->symbol);
    return std::nullopt;
  }
  for (const auto& s : c.m.series())
    if (c.info.find(s.symbol))
      out.push_back(s.symbol);
  return std::nullopt;
}

http_reply open_orders(const call& c, bool algos) {
  std::vector<std::string> symbols;
  if (auto err = symbols_of(c, symbols))
    return *err;
  std::string body = "[";
  for (const auto& symbol : symbols) {
    auto sc = c.precision(symbol);
    if (algos) {
      for (const auto* a : c.engine.open_algo_orders(symbol))
        body += (body.size() > 1 ? "," : "") + render_algo_order(*a, sc);
    } else {
      for (const auto* o : c.engine.open_orders(symbol))
        body += (body.size() > 1 ? "," : "") + render_futures_order(*o, sc);
    }
  }
  return json_reply(200, body + "]");
}

http_reply user_trades(const call& c) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  std::optional<int64_t> order_id, from_id, limit;
  for (auto [name, field] : {std::pair{"orderId", &order_id}, {"fromId", &from_id}, {"limit", &limit}})
    if (auto err = read_int(c.t, name, *field))
      return *err;
  std::vector<const sim_fill*> out;
  for (const auto* f : c.engine.trades(rules->symbol, order_id.value_or(0)))
    if (!from_id || f->trade_id >= *from_id)
      out.push_back(f);
  size_t cap = static_cast<size_t>(std::min<int64_t>(limit.value_or(500), 1000));
  if (out.size() > cap)
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(cap));
  return json_reply(200, render_futures_trades(out, c.precision(rules->symbol)));
}

http_reply leverage(const call& c) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  std::optional<int64_t> value;
  if (auto err = read_int(c.t, "leverage", value))
    return *err;
  if (!value)
    return missing_param("leverage");
  if (*value < 1 || *value > 125)
    return error_reply(400, -4028, "Leverage " + std::to_string(*value) + " is not valid");
  c.engine.set_leverage(rules->symbol, static_cast<int>(*value));
  std::string body = "{";
  json_int(body, "leverage", *value);
  json_string(body, "maxNotionalValue", "1000000");
  json_string(body, "symbol", rules->symbol);
  return json_reply(200, body + "}");
}

/// One bracket up to the maxNotionalValue positionRisk states.
http_reply leverage_brackets(const call& c) {
  std::vector<std::string> symbols;
  if (auto err = symbols_of(c, symbols))
    return *err;
  std::string items;
  for (const auto& symbol : symbols) {
    std::string out = "{";
    json_string(out, "symbol", symbol);
    out += R"(,"brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":1000000,)"
           R"("notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0}]})";
    items += (items.empty() ? "" : ",") + out;
  }
  return json_reply(200, "[" + items + "]");
}

http_reply margin_type(const call& c) {
  const symbol_rules* rules = nullptr;
  if (auto err = read_symbol(c.info, c.t, rules))
    return *err;
  const auto* type = c.t.get("marginType");
  if (!type || type->empty())
    return missing_param("marginType");
  if (*type != "ISOLATED" && *type != "CROSSED")
    return error_reply(400, -1130, "Data sent for parameter 'marginType' is not valid.");
  if (auto err = c.engine.set_margin_type(rules->symbol, *type == "ISOLATED"))
    return engine_error(*err);
  return json_reply(200, R"({"code":200,"msg":"success"})");
}

} // namespace

bool is_futures_private(std::string_view path) {
  for (auto p : {"/fapi/v1/order", "/fapi/v1/openOrders", "/fapi/v1/userTrades",
                 "/fapi/v1/algoOrder", "/fapi/v1/openAlgoOrders", "/fapi/v2/positionRisk",
                 "/fapi/v3/positionRisk", "/fapi/v2/balance", "/fapi/v3/balance",
                 "/fapi/v2/account", "/fapi/v3/account", "/fapi/v1/leverage",
                 "/fapi/v1/marginType", "/fapi/v1/leverageBracket"})
    if (path == p)
      return true;
  return false;
}

http_reply handle_futures_private(futures_engine& engine, const market& m,
                                  const exchange_info& info, std::string_view method,
                                  const request_target& t, const rest_context& ctx) {
  call c{engine, m, info, t, ctx};
  const auto& path = t.path;
  auto precision = [&c](const std::string& symbol) { return c.precision(symbol); };
  if (path == "/fapi/v1/order" && method == "POST")
    return new_order(c);
  if (path == "/fapi/v1/order" && (method == "GET" || method == "DELETE"))
    return order(c, method);
  if (path == "/fapi/v1/algoOrder" && method == "POST")
    return new_algo(c);
  if (path == "/fapi/v1/algoOrder" && (method == "GET" || method == "DELETE"))
    return algo(c, method);
  if (method == "GET") {
    if (path == "/fapi/v1/openOrders" || path == "/fapi/v1/openAlgoOrders")
      return open_orders(c, path == "/fapi/v1/openAlgoOrders");
    if (path == "/fapi/v1/userTrades")
      return user_trades(c);
    if (path == "/fapi/v1/leverageBracket")
      return leverage_brackets(c);
    if (path == "/fapi/v2/positionRisk" || path == "/fapi/v3/positionRisk") {
      std::vector<std::string> symbols;
      if (auto err = symbols_of(c, symbols))
        return *err;
      return json_reply(200, render_position_risk(engine, symbols, precision,
                                                  path == "/fapi/v3/positionRisk", ctx.wall_ms));
    }
    if (path == "/fapi/v2/balance" || path == "/fapi/v3/balance")
      return json_reply(200, render_futures_balance(engine, ctx.wall_ms));
    if (path == "/fapi/v2/account" || path == "/fapi/v3/account")
      return json_reply(200, render_futures_account(engine, precision, ctx.wall_ms));
  }
  if (method == "POST" && path == "/fapi/v1/leverage")
    return leverage(c);
  if (method == "POST" && path == "/fapi/v1/marginType")
    return margin_type(c);
  return error_reply(404, -1000, "Unknown endpoint " + std::string{method} + " " + path + ".");
}

} // namespace tn::sim
