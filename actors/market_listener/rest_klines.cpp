#include "actors/market_listener/rest_klines.hpp"

#include "actors/market_listener/decimal.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

namespace tn {

std::string klines_target(std::string_view prefix, const bar_request& req) {
  return fmt::format("{}/klines?symbol={}&interval={}&startTime={}&endTime={}&limit={}", prefix,
                     req.symbol, to_string(req.span), to_unix_ms(req.first),
                     to_unix_ms(req.last), std::min(req.count(), max_klines_per_request));
}

namespace {

bool row_decimal(simdjson::dom::array row, size_t i, double& out) {
  std::string_view text;
  return row.at(i).get_string().get(text) == simdjson::SUCCESS && parse_decimal(text, out);
}

} // namespace

bool parse_klines(std::string_view body, std::string_view symbol, interval span, timestamp now,
                  std::vector<candle>& out, std::string& error) {
  out.clear();
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  if (parser.parse(body.data(), body.size()).get_array().get(rows) != simdjson::SUCCESS) {
    error = "klines: body is not a JSON array";
    return false;
  }
  for (auto value : rows) {
    simdjson::dom::array row;
    int64_t open_ms = 0;
    int64_t trades = 0;
    candle c;
    if (value.get_array().get(row) != simdjson::SUCCESS || row.size() < 11
        || row.at(0).get_int64().get(open_ms) != simdjson::SUCCESS
        || !row_decimal(row, 1, c.open) || !row_decimal(row, 2, c.high)
        || !row_decimal(row, 3, c.low) || !row_decimal(row, 4, c.close)
        || !row_decimal(row, 5, c.volume) || !row_decimal(row, 7, c.quote_volume)
        || row.at(8).get_int64().get(trades) != simdjson::SUCCESS
        || !row_decimal(row, 9, c.taker_buy_volume)) {
      error = fmt::format("klines: malformed row {}", out.size());
      out.clear();
      return false;
    }
    c.symbol.assign(symbol);
    c.span = span;
    c.open_time = from_unix_ms(open_ms);
    c.trades = static_cast<uint64_t>(trades);
    c.closed = c.open_time + length_of(span) <= now;
    out.push_back(std::move(c));
  }
  return true;
}

} // namespace tn
