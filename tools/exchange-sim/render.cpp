#include "tools/exchange-sim/render.hpp"

#include <cctype>
#include <charconv>

namespace tn::sim {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  out += '"';
}

void append_int(std::string& out, int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, end);
}

void json_key(std::string& out, std::string_view key) {
  if (!out.empty() && out.back() != '{')
    out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void json_decimal(std::string& out, std::string_view key, units value, int scale) {
  json_key(out, key);
  out += '"';
  append_fixed(out, value, scale);
  out += '"';
}

void json_string(std::string& out, std::string_view key, std::string_view value) {
  json_key(out, key);
  append_json_string(out, value);
}

void json_int(std::string& out, std::string_view key, int64_t value) {
  json_key(out, key);
  append_int(out, value);
}

void json_bool(std::string& out, std::string_view key, bool value) {
  json_key(out, key);
  out += value ? "true" : "false";
}

std::string kline_stream_name(std::string_view symbol, std::string_view interval) {
  std::string out;
  for (char ch : symbol)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  out += "@kline_";
  out += interval;
  return out;
}

std::string render_kline_event(std::string_view symbol, std::string_view interval,
                               const kline& k, const scales& sc, bool closed,
                               int64_t event_time) {
  std::string out;
  out.reserve(400);
  auto str = [&](const char* key, units v, int scale) {
    out += key;
    out += '"';
    append_fixed(out, v, scale);
    out += '"';
  };
  out += R"({"e":"kline","E":)";
  append_int(out, event_time);
  out += R"(,"s":)";
  append_json_string(out, symbol);
  out += R"(,"k":{"t":)";
  append_int(out, k.open_time);
  out += R"(,"T":)";
  append_int(out, k.close_time);
  out += R"(,"s":)";
  append_json_string(out, symbol);
  out += R"(,"i":)";
  append_json_string(out, interval);
  out += R"(,"f":)";
  append_int(out, k.trades > 0 ? k.first_trade_id : -1);
  out += R"(,"L":)";
  append_int(out, k.last_trade_id());
  str(R"(,"o":)", k.open, sc.price);
  str(R"(,"c":)", k.close, sc.price);
  str(R"(,"h":)", k.high, sc.price);
  str(R"(,"l":)", k.low, sc.price);
  str(R"(,"v":)", k.volume, sc.qty);
  out += R"(,"n":)";
  append_int(out, k.trades);
  out += closed ? R"(,"x":true)" : R"(,"x":false)";
  str(R"(,"q":)", k.quote_volume, sc.quote);
  str(R"(,"V":)", k.taker_base, sc.qty);
  str(R"(,"Q":)", k.taker_quote, sc.quote);
  out += R"(,"B":"0"}})";
  return out;
}

std::string wrap_combined(std::string_view stream, std::string_view data) {
  std::string out;
  out.reserve(data.size() + stream.size() + 22);
  out += R"({"stream":)";
  append_json_string(out, stream);
  out += R"(,"data":)";
  out += data;
  out += '}';
  return out;
}

void append_rest_kline(std::string& out, const kline& k, const scales& sc) {
  auto str = [&](units v, int scale) {
    out += ",\"";
    append_fixed(out, v, scale);
    out += '"';
  };
  out += '[';
  append_int(out, k.open_time);
  str(k.open, sc.price);
  str(k.high, sc.price);
  str(k.low, sc.price);
  str(k.close, sc.price);
  str(k.volume, sc.qty);
  out += ',';
  append_int(out, k.close_time);
  str(k.quote_volume, sc.quote);
  out += ',';
  append_int(out, k.trades);
  str(k.taker_base, sc.qty);
  str(k.taker_quote, sc.quote);
  out += R"(,"0"])";
}

std::string render_rest_klines(const std::vector<kline>& bars, const scales& sc) {
  std::string out = "[";
  for (size_t i = 0; i < bars.size(); ++i) {
    if (i > 0)
      out += ',';
    append_rest_kline(out, bars[i], sc);
  }
  out += ']';
  return out;
}

std::string render_server_time(int64_t wall_ms) {
  std::string out = R"({"serverTime":)";
  append_int(out, wall_ms);
  out += '}';
  return out;
}

std::string render_error(int code, std::string_view msg) {
  std::string out = R"({"code":)";
  append_int(out, code);
  out += R"(,"msg":)";
  append_json_string(out, msg);
  out += '}';
  return out;
}

} // namespace tn::sim
