#pragma once

// Binance's wire formats, byte for byte: compact JSON, keys in the order
// Binance sends them, decimals as strings at the series' scales.

#include "tools/exchange-sim/kline.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// Appends `text` as a JSON string literal.
void append_json_string(std::string& out, std::string_view text);

/// Appends a decimal integer.
void append_int(std::string& out, int64_t value);

/// Writers of one "key":value member of the object `out` is building: a
/// comma goes first unless `out` ends with '{'. Decimals are strings.
void json_key(std::string& out, std::string_view key);
void json_decimal(std::string& out, std::string_view key, units value, int scale);
void json_string(std::string& out, std::string_view key, std::string_view value);
void json_int(std::string& out, std::string_view key, int64_t value);
void json_bool(std::string& out, std::string_view key, bool value);

/// The kline stream name: ("BTCUSDT", "1m") -> "btcusdt@kline_1m".
std::string kline_stream_name(std::string_view symbol, std::string_view interval);

/// A kline stream event:
/// {"e":"kline","E":..,"s":..,"k":{"t":..,"T":..,"s":..,"i":..,"f":..,"L":..,
/// "o":..,"c":..,"h":..,"l":..,"v":..,"n":..,"x":..,"q":..,"V":..,"Q":..,"B":"0"}}
std::string render_kline_event(std::string_view symbol, std::string_view interval,
                               const kline& k, const scales& sc, bool closed,
                               int64_t event_time);

/// The combined-stream wrapper {"stream":..,"data":..}.
std::string wrap_combined(std::string_view stream, std::string_view data);

/// One /api/v3/klines row: [t,"o","h","l","c","v",T,"q",n,"V","Q","0"].
void append_rest_kline(std::string& out, const kline& k, const scales& sc);

/// A /api/v3/klines body.
std::string render_rest_klines(const std::vector<kline>& bars, const scales& sc);

/// The /api/v3/time body {"serverTime":..}.
std::string render_server_time(int64_t wall_ms);

/// A Binance error body {"code":..,"msg":..}.
std::string render_error(int code, std::string_view msg);

} // namespace tn::sim
