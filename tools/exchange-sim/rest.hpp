#pragma once

// REST market data as pure functions of the request and the two clocks.

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/market.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn::sim {

/// A response to send.
struct http_reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// The request's moment: wall time stamps serverTime (clients sign with
/// it); market time decides which bars have closed.
struct rest_context {
  int64_t wall_ms = 0;
  int64_t market_ms = 0;
  int updates_per_bar = 1; // where the current bar's price stands
};

/// A JSON reply with Binance's content type.
http_reply json_reply(int status, std::string body);

/// Binance's error body {"code":..,"msg":..} with HTTP `status`.
http_reply error_reply(int status, int code, std::string_view msg);

/// -1100: `param` holds characters outside `range`.
http_reply illegal_param(std::string_view param, std::string_view range);

/// -1102: `param` is missing or empty.
http_reply missing_param(std::string_view param);

/// The price of the series' bar in progress at `ctx.market_ms`, as its
/// updates show it; before the first bar, that bar's open.
std::optional<units> current_price(const kline_series& s, const rest_context& ctx);

/// Answers GET /api/v3/ping, time, exchangeInfo, klines, uiKlines,
/// ticker/price, ticker/24hr and ticker/bookTicker; 404 for anything else.
http_reply handle_rest(const market& m, const exchange_info& info, std::string_view method,
                       std::string_view target, const rest_context& ctx);

} // namespace tn::sim
