#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/render.hpp"

#include <simdjson.h>

using namespace tn::sim;

namespace {

/// Rebuilds a kline from a captured event's fields, keeping each decimal's
/// own scale, so rendering it back must give the captured bytes.
struct captured {
  std::string stream, symbol, interval;
  kline k;
  scales sc;
  bool closed = false;
  int64_t event_time = 0;
};

units field(simdjson::dom::object o, const char* key, int& scale) {
  std::string_view text;
  REQUIRE_FALSE(o[key].get_string().get(text));
  parsed_decimal d;
  REQUIRE(parse_decimal(text, d));
  scale = d.decimals;
  return d.digits;
}

captured parse_capture(simdjson::dom::element line) {
  captured c;
  std::string_view sv;
  REQUIRE_FALSE(line["stream"].get_string().get(sv));
  c.stream = std::string{sv};
  auto data = line["data"];
  REQUIRE_FALSE(data["E"].get_int64().get(c.event_time));
  REQUIRE_FALSE(data["s"].get_string().get(sv));
  c.symbol = std::string{sv};
  simdjson::dom::object k;
  REQUIRE_FALSE(data["k"].get_object().get(k));
  REQUIRE_FALSE(k["i"].get_string().get(sv));
  c.interval = std::string{sv};
  REQUIRE_FALSE(k["t"].get_int64().get(c.k.open_time));
  REQUIRE_FALSE(k["T"].get_int64().get(c.k.close_time));
  REQUIRE_FALSE(k["f"].get_int64().get(c.k.first_trade_id));
  REQUIRE_FALSE(k["n"].get_int64().get(c.k.trades));
  REQUIRE_FALSE(k["x"].get_bool().get(c.closed));
  c.k.open = field(k, "o", c.sc.price);
  c.k.close = field(k, "c", c.sc.price);
  c.k.high = field(k, "h", c.sc.price);
  c.k.low = field(k, "l", c.sc.price);
  c.k.volume = field(k, "v", c.sc.qty);
  c.k.taker_base = field(k, "V", c.sc.qty);
  c.k.quote_volume = field(k, "q", c.sc.quote);
  c.k.taker_quote = field(k, "Q", c.sc.quote);
  int64_t last = 0;
  REQUIRE_FALSE(k["L"].get_int64().get(last));
  REQUIRE(last == c.k.last_trade_id());
  return c;
}

void check_capture_file(const std::string& relative, size_t expected) {
  auto text = tn::sim::test::read_text(tn::sim::test::data_path(relative));
  simdjson::dom::parser parser;
  size_t lines = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    auto line = text.substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    if (line.empty())
      continue;
    ++lines;
    simdjson::dom::element doc;
    REQUIRE_FALSE(parser.parse(line).get(doc));
    auto c = parse_capture(doc);
    auto event = render_kline_event(c.symbol, c.interval, c.k, c.sc, c.closed, c.event_time);
    CHECK(wrap_combined(c.stream, event) == line);
    CHECK(kline_stream_name(c.symbol, c.interval) == c.stream);
  }
  CHECK(lines == expected);
}

} // namespace

TEST_CASE("kline events match captured Binance events byte for byte") {
  check_capture_file("ws/spot-kline-events-2021-10-12.jsonl", 2);
  check_capture_file("ws/futures-um-kline-events-2021-07-22.jsonl", 67);
}

TEST_CASE("a rendered event parses back to the bar it came from") {
  auto s = tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  const auto& k = s.bars[5];
  auto event = render_kline_event("BTCUSDT", "1m", k, s.scale, true, k.close_time + 1);
  auto text = wrap_combined("btcusdt@kline_1m", event);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(text).get(doc));
  auto c = parse_capture(doc);
  CHECK(c.stream == "btcusdt@kline_1m");
  CHECK(c.symbol == "BTCUSDT");
  CHECK(c.closed);
  CHECK(c.event_time == k.close_time + 1);
  CHECK(c.k.open_time == k.open_time);
  CHECK(c.k.first_trade_id == k.first_trade_id);
  CHECK(c.sc.price == 8);
  for (auto [got, want] : {std::pair{c.k.open, k.open}, {c.k.high, k.high}, {c.k.low, k.low},
                           {c.k.close, k.close}, {c.k.volume, k.volume},
                           {c.k.quote_volume, k.quote_volume}, {c.k.taker_base, k.taker_base},
                           {c.k.taker_quote, k.taker_quote}})
    CHECK(format_fixed(got, 8) == format_fixed(want, 8));
}

TEST_CASE("REST rows reproduce a captured /api/v3/klines body exactly") {
  auto path = tn::sim::test::data_path("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json");
  auto body = tn::sim::test::read_text(path);
  auto s = tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json");
  CHECK(render_rest_klines(s.bars, s.scale) == body);
}

TEST_CASE("small bodies") {
  CHECK(render_server_time(1499827319559) == R"({"serverTime":1499827319559})");
  CHECK(render_error(-1121, "Invalid symbol.") == R"({"code":-1121,"msg":"Invalid symbol."})");
  std::string quoted;
  append_json_string(quoted, "a\"b\\c\n");
  CHECK(quoted == R"("a\"b\\c\u000a")");
  kline empty;
  empty.open_time = 0;
  empty.close_time = 59999;
  auto text = render_kline_event("SOLBTC", "1m", empty, scales{}, false, 1);
  CHECK(text.find(R"("f":-1,"L":-1)") != std::string::npos); // a bar without trades
}
