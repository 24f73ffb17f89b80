#pragma once

// The REST calls the binance broker makes, spot and USDⓈ-M futures, as
// method, path and parameters (before signing). Parameters are written in
// a fixed order with exact decimal strings, so the same order always makes
// the same bytes. Pure: no CAF, no I/O.

#include "actors/broker/binance_config.hpp"
#include "messages/order.hpp"
#include "runtime/exchange/market_kind.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

struct rest_call {
  std::string method = "GET";
  std::string path;   // "/api/v3/order", before any prefix of the REST URL
  std::string params; // query or form body, unsigned; may be empty
  bool is_signed = true;
  bool is_order = false; // places an order: refused while the exchange asks us to wait
};

/// Futures stop orders go through the algo order endpoint (a CONDITIONAL
/// STOP, or STOP_MARKET with closePosition when no quantity is given).
bool is_algo(market_kind market, const order_request& x);

/// Places `x`: spot POST /api/v3/order (newOrderRespType=FULL), futures
/// POST /fapi/v1/order (newOrderRespType=RESULT) or /fapi/v1/algoOrder.
/// newClientOrderId (clientAlgoId) is x.client_id; LIMIT_MAKER is GTX on
/// futures.
rest_call new_order_call(market_kind market, const order_request& x);

/// Reads the order `client_id` of `symbol` (origClientOrderId, clientAlgoId).
rest_call query_order_call(market_kind market, const std::string& symbol,
                           const std::string& client_id, bool algo);

/// Cancels it.
rest_call cancel_order_call(market_kind market, const std::string& symbol,
                            const std::string& client_id, bool algo);

/// The trades of one exchange order: spot myTrades, futures userTrades.
rest_call trades_call(market_kind market, const std::string& symbol,
                      const std::string& order_id);

/// The exchange's clock (unsigned).
rest_call server_time_call(market_kind market);

/// The trading rules of `symbols` (unsigned). Futures take no list and
/// answer every symbol.
rest_call exchange_info_call(market_kind market, const std::vector<std::string>& symbols);

/// Spot: the account's balances. Futures: the wallet's balances.
rest_call balances_call(market_kind market);

/// Futures: the open positions.
rest_call positions_call();

/// Futures: the leverage and margin type of `symbol`.
rest_call leverage_call(const std::string& symbol, uint32_t leverage);
rest_call margin_type_call(const std::string& symbol, margin_type type);

/// The market order that replaces what a maker entry left: same side and
/// symbol, `remaining` quantity, client id `<id>m`.
order_request fallback_order(const order_request& x, decimal remaining);

} // namespace tn
