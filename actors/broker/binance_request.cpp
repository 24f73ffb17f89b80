#include "actors/broker/binance_request.hpp"

namespace tn {

namespace {

bool spot(market_kind m) {
  return m == market_kind::spot;
}

std::string api(market_kind m, const char* spot_version, const char* futures_version,
                const char* what) {
  return std::string{spot(m) ? "/api/" : "/fapi/"} + (spot(m) ? spot_version : futures_version)
         + what;
}

void add(std::string& out, const char* key, const std::string& value) {
  if (!out.empty())
    out += '&';
  out += key;
  out += '=';
  out += value;
}

rest_call algo_order_call(const order_request& x) {
  rest_call c{"POST", "/fapi/v1/algoOrder", {}, true, true};
  add(c.params, "algoType", "CONDITIONAL");
  add(c.params, "symbol", x.symbol);
  add(c.params, "side", to_string(x.side));
  if (x.quantity.is_zero()) {
    // No quantity: whatever the position is when the stop triggers.
    add(c.params, "type", "STOP_MARKET");
    add(c.params, "triggerPrice", to_string(x.stop_price));
    add(c.params, "closePosition", "true");
  } else {
    add(c.params, "type", "STOP");
    add(c.params, "quantity", to_string(x.quantity));
    add(c.params, "price", to_string(x.price));
    add(c.params, "triggerPrice", to_string(x.stop_price));
    add(c.params, "reduceOnly", "true");
  }
  add(c.params, "clientAlgoId", x.client_id);
  return c;
}

} // namespace

bool is_algo(market_kind market, const order_request& x) {
  return !spot(market) && x.type == order_type::stop_loss_limit;
}

rest_call new_order_call(market_kind market, const order_request& x) {
  if (is_algo(market, x))
    return algo_order_call(x);
  rest_call c{"POST", api(market, "v3", "v1", "/order"), {}, true, true};
  add(c.params, "symbol", x.symbol);
  add(c.params, "side", to_string(x.side));
  bool futures_maker = !spot(market) && x.type == order_type::limit_maker;
  add(c.params, "type", futures_maker ? "LIMIT" : to_string(x.type));
  switch (x.type) {
    case order_type::market:
      break;
    case order_type::limit_maker:
      if (futures_maker)
        add(c.params, "timeInForce", "GTX");
      break;
    case order_type::limit:
    case order_type::stop_loss_limit:
      add(c.params, "timeInForce", "GTC");
      break;
  }
  add(c.params, "quantity", to_string(x.quantity));
  if (x.type != order_type::market)
    add(c.params, "price", to_string(x.price));
  if (x.type == order_type::stop_loss_limit)
    add(c.params, "stopPrice", to_string(x.stop_price));
  if (!spot(market) && x.reduce_only)
    add(c.params, "reduceOnly", "true");
  add(c.params, "newClientOrderId", x.client_id);
  add(c.params, "newOrderRespType", spot(market) ? "FULL" : "RESULT");
  return c;
}

rest_call query_order_call(market_kind market, const std::string& symbol,
                           const std::string& client_id, bool algo) {
  if (algo)
    return {"GET", "/fapi/v1/algoOrder", "clientAlgoId=" + client_id};
  return {"GET", api(market, "v3", "v1", "/order"),
          "symbol=" + symbol + "&origClientOrderId=" + client_id};
}

rest_call cancel_order_call(market_kind market, const std::string& symbol,
                            const std::string& client_id, bool algo) {
  auto c = query_order_call(market, symbol, client_id, algo);
  c.method = "DELETE";
  return c;
}

rest_call trades_call(market_kind market, const std::string& symbol,
                      const std::string& order_id) {
  return {"GET", spot(market) ? "/api/v3/myTrades" : "/fapi/v1/userTrades",
          "symbol=" + symbol + "&orderId=" + order_id};
}

rest_call server_time_call(market_kind market) {
  return {"GET", api(market, "v3", "v1", "/time"), {}, false};
}

rest_call exchange_info_call(market_kind market, const std::vector<std::string>& symbols) {
  rest_call c{"GET", api(market, "v3", "v1", "/exchangeInfo"), {}, false};
  if (!spot(market) || symbols.empty())
    return c;
  // symbols=["BTCUSDT","ETHUSDT"], percent-encoded.
  std::string list;
  for (auto& symbol : symbols)
    list += (list.empty() ? "%5B%22" : "%2C%22") + symbol + "%22";
  c.params = "symbols=" + list + "%5D";
  return c;
}

rest_call balances_call(market_kind market) {
  if (spot(market))
    return {"GET", "/api/v3/account", "omitZeroBalances=true"};
  return {"GET", "/fapi/v2/balance", {}};
}

rest_call positions_call() {
  return {"GET", "/fapi/v3/positionRisk", {}};
}

rest_call leverage_call(const std::string& symbol, uint32_t leverage) {
  return {"POST", "/fapi/v1/leverage",
          "symbol=" + symbol + "&leverage=" + std::to_string(leverage)};
}

rest_call margin_type_call(const std::string& symbol, margin_type type) {
  return {"POST", "/fapi/v1/marginType",
          "symbol=" + symbol + "&marginType="
            + (type == margin_type::isolated ? "ISOLATED" : "CROSSED")};
}

order_request fallback_order(const order_request& x, decimal remaining) {
  auto out = x;
  out.client_id = x.client_id + "m";
  out.type = order_type::market;
  out.quantity = remaining;
  out.price = decimal{};
  out.stop_price = decimal{};
  return out;
}

} // namespace tn
