#pragma once

// A symbol's trading rules as Binance's exchangeInfo states them (spot and
// USDⓈ-M futures), and the checks an order must pass before it is sent, so
// that the exchange never has to answer -1013 (filter failure). Pure logic,
// fixed point throughout.

#include "messages/order.hpp"
#include "runtime/exchange/market_kind.hpp"
#include "runtime/money/decimal.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// PRICE_FILTER. A zero bound or tick disables that part, as at Binance.
struct price_filter {
  decimal min_price;
  decimal max_price;
  decimal tick_size;
};

/// LOT_SIZE and MARKET_LOT_SIZE. A zero bound or step disables that part
/// (spot's MARKET_LOT_SIZE has minQty and stepSize 0).
struct lot_filter {
  decimal min_qty;
  decimal max_qty;
  decimal step_size;
};

/// NOTIONAL (spot), the older MIN_NOTIONAL (spot: minNotional and
/// applyToMarket; futures: notional). A zero maximum means none.
struct notional_filter {
  std::string name = "NOTIONAL"; // the filter it came from, for messages
  decimal min_notional;
  decimal max_notional;
  bool apply_min_to_market = true;
  bool apply_max_to_market = false;
};

/// PERCENT_PRICE_BY_SIDE (spot), or futures' PERCENT_PRICE with the same
/// multipliers for both sides: a limit price must lie within these multiples
/// of the reference price (spot: the average price; futures: the mark price).
struct percent_price_filter {
  decimal bid_up;
  decimal bid_down;
  decimal ask_up;
  decimal ask_down;
};

/// One symbol's rules; a filter the exchange does not list is absent.
struct symbol_filters {
  std::string symbol;
  std::string status; // "TRADING", "BREAK", "PENDING_TRADING", ...
  std::string base_asset;
  std::string quote_asset;
  std::optional<price_filter> price;
  std::optional<lot_filter> lot;
  std::optional<lot_filter> market_lot;
  std::optional<notional_filter> notional;
  std::optional<percent_price_filter> percent_price;

  bool trading() const {
    return status == "TRADING";
  }
};

/// Every symbol of one exchangeInfo answer.
struct exchange_filters {
  market_kind market = market_kind::spot;
  std::map<std::string, symbol_filters> symbols;
  /// Symbols left out because a filter value could not be read, with why.
  std::vector<std::string> skipped;

  /// The symbol's rules, or null when the exchange does not list it.
  const symbol_filters* find(std::string_view symbol) const;
};

/// Reads an exchangeInfo body (GET /api/v3/exchangeInfo or
/// /fapi/v1/exchangeInfo). False with `error` when the body is no
/// exchangeInfo at all; a symbol whose filters cannot be read is skipped and
/// named in `out.skipped`.
bool parse_exchange_info(std::string_view body, market_kind market, exchange_filters& out,
                         std::string& error);

/// `price` on the symbol's tick grid (counted from minPrice, as the exchange
/// checks it), rounded as told; unchanged without a tick.
decimal round_price(const symbol_filters& f, decimal price, rounding mode);

/// `quantity` rounded down to the step of LOT_SIZE and, for a market order,
/// of MARKET_LOT_SIZE: never more than asked.
decimal round_quantity(const symbol_filters& f, decimal quantity, order_type type);

/// The largest quantity the exchange takes in one order of `type` (zero: no
/// limit listed).
decimal max_quantity(const symbol_filters& f, order_type type);

/// The smallest notional the exchange takes for an order of `type` (zero:
/// none listed).
decimal min_notional(const symbol_filters& f, order_type type);

/// An order as the filters see it.
struct order_check {
  order_side side = order_side::buy;
  order_type type = order_type::market;
  decimal quantity;
  decimal price;           // the limit price; zero for a market order
  decimal reference_price; // last / average / mark price: market notional and percent price
};

/// "" when the order passes every filter of the symbol; otherwise the first
/// failed filter in words with the values involved, such as "LOT_SIZE:
/// quantity 0.000005 is below minQty 0.00001".
std::string check_order(const symbol_filters& f, const order_check& order);

} // namespace tn
