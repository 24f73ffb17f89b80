#pragma once

// What the exchange answers, read into the order path's messages: orders
// (spot FULL/RESULT and GET, futures, algo orders) into order_update and
// fills, trade lists, balances, the server time, and every failure
// classified into what the broker must do about it. Pure: no CAF, no I/O.

#include "actors/broker/binance_config.hpp"
#include "messages/order.hpp"
#include "runtime/exchange/market_kind.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// An error body: {"code":-2010,"msg":"..."}.
struct exchange_error {
  int64_t code = 0;
  std::string msg;
};

/// The error of `body`, if it is one.
bool parse_error(std::string_view body, exchange_error& out);

/// What an answer means for the order path.
enum class answer_kind {
  ok,
  clock_skew,      // -1021: resync with the server time, sign again, retry once
  rate_limited,    // 429/418: nothing signed goes out until Retry-After
  order_limited,   // -1015 "Too many new orders": not placed; new orders wait for the window
  rejected,        // -2010 and other refusals: the order does not exist
  filter_failure,  // -1013, -1111, -4xxx: the node's filter checks missed it (a bug)
  unknown_order,   // -2013, -2011 "Unknown order sent.": the exchange does not know it
  outcome_unknown, // 5xx, or no answer to a request written in full: query, never resend
  not_sent,        // the request provably never reached the exchange
};

/// Classifies an answer: a transport failure (`transport_error` not empty,
/// `written` when the request left in full), else the HTTP status and body.
answer_kind classify(const std::string& transport_error, bool written, unsigned status,
                     std::string_view body);

/// A LIMIT_MAKER / GTX refusal because the order would take liquidity.
bool would_take(const exchange_error& e);

/// -1015 "Too many new orders; current limit is 50 orders per 10 SECOND.":
/// the order was not placed.
bool too_many_orders(const exchange_error& e);

/// Futures marginType -4046 "No need to change margin type.": success.
bool margin_type_unchanged(const exchange_error& e);

/// An order as the exchange reports it.
struct order_report {
  order_update update;          // state, cumulative quantity, average price, exchange id
  std::vector<fill> fills;      // spot FULL answers carry them; others: fetch the trades
  std::string trades_order_id;  // the exchange order whose trades are its fills
};

/// Reads an order answer for the order `req`: spot (POST FULL/RESULT, GET,
/// DELETE), futures /fapi/v1/order, or (`algo`) /fapi/v1/algoOrder.
bool parse_order(std::string_view body, market_kind market, bool algo, const order_request& req,
                 order_report& out, std::string& error);

/// Reads a trade list (spot myTrades, futures userTrades) as fills of `req`.
bool parse_trades(std::string_view body, const order_request& req, std::vector<fill>& out,
                  std::string& error);

/// {"serverTime": ms}.
bool parse_server_time(std::string_view body, int64_t& ms, std::string& error);

/// Spot /api/v3/account or futures /fapi/v2/balance: free and locked per
/// asset (futures: available and the rest of the wallet balance).
bool parse_balances(std::string_view body, market_kind market, std::vector<asset_balance>& out,
                    std::string& error);

/// A futures position from /fapi/v3/positionRisk.
struct futures_position {
  std::string symbol;
  decimal amount; // signed: negative is short
  decimal entry_price;
};

bool parse_positions(std::string_view body, std::vector<futures_position>& out,
                     std::string& error);

/// The order state Binance's status word means ("" and unknown words: nothing).
bool order_state_of(std::string_view status, bool algo, order_state& out);

} // namespace tn
