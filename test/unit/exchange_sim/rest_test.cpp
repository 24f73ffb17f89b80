#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/replay.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <simdjson.h>

using namespace tn::sim;

namespace {

constexpr int64_t day0 = 1752364800000; // 2025-07-13, the first bar of the spot file

struct fixture {
  market m{{tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
            tn::sim::test::load("spot/klines_1m/SOLBTC-1m-2025-07-13.csv")}};
  exchange_info info{{generated_rules(m.series()[0]), generated_rules(m.series()[1])}};

  http_reply get(const std::string& target, int64_t market_ms = day0 + 86'400'000) {
    return handle_rest(m, info, "GET", target, {1'800'000'000'000, market_ms, 4});
  }
};

/// Open times of the rows of a klines body.
std::vector<int64_t> open_times(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  REQUIRE_FALSE(parser.parse(body).get_array().get(rows));
  std::vector<int64_t> out;
  for (auto row : rows) {
    int64_t t = 0;
    REQUIRE_FALSE(row.at(0).get_int64().get(t));
    out.push_back(t);
  }
  return out;
}

} // namespace

TEST_CASE_METHOD(fixture, "ping, time and unknown endpoints") {
  auto ping = get("/api/v3/ping");
  CHECK(ping.status == 200);
  CHECK(ping.body == "{}");
  CHECK(ping.headers.at(0).second == "application/json;charset=UTF-8");
  CHECK(get("/api/v3/time").body == R"({"serverTime":1800000000000})");
  CHECK(get("/api/v3/nothing").status == 404);
  CHECK(handle_rest(m, info, "POST", "/api/v3/ping", {}).status == 404);
}

TEST_CASE_METHOD(fixture, "klines: latest bars by default, 500 of them") {
  auto r = get("/api/v3/klines?symbol=BTCUSDT&interval=1m");
  REQUIRE(r.status == 200);
  auto t = open_times(r.body);
  REQUIRE(t.size() == 500);
  CHECK(t.front() == day0 + 940 * minute_ms);
  CHECK(t.back() == day0 + 1439 * minute_ms);
  std::string first_row;
  append_rest_kline(first_row, m.series()[0].bars[940], m.series()[0].scale);
  CHECK(r.body.rfind("[" + first_row + ",", 0) == 0);
}

TEST_CASE_METHOD(fixture, "klines: only bars closed at the current market time") {
  // 10.5 minutes into the day: bars 0..9 have closed.
  auto t = open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=1m", day0 + 630'000).body);
  REQUIRE(t.size() == 10);
  CHECK(t.back() == day0 + 9 * minute_ms);
  CHECK(open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=1m", day0 + 600'000).body).size() == 10);
  CHECK(open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=1m", day0).body).empty());
  CHECK(open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=5m", day0 + 630'000).body).size() == 2);
}

TEST_CASE_METHOD(fixture, "klines: startTime, endTime and limit select as Binance does") {
  auto from = open_times(
    get("/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=" + std::to_string(day0 + 90'000)
        + "&limit=3")
      .body);
  CHECK(from == std::vector<int64_t>{day0 + 120'000, day0 + 180'000, day0 + 240'000});
  auto until = open_times(
    get("/api/v3/klines?symbol=BTCUSDT&interval=1m&endTime=" + std::to_string(day0 + 300'000)
        + "&limit=2")
      .body);
  CHECK(until == std::vector<int64_t>{day0 + 240'000, day0 + 300'000});
  auto both = open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime="
                             + std::to_string(day0) + "&endTime=" + std::to_string(day0 + 7'200'000))
                           .body);
  CHECK(both == std::vector<int64_t>{day0, day0 + 3'600'000, day0 + 7'200'000});
  // Microseconds are accepted for times; limit is capped at 1000.
  auto micros = open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime="
                               + std::to_string(day0 * 1000) + "&limit=5000")
                             .body);
  CHECK(micros.size() == 1000);
  CHECK(micros.front() == day0);
}

TEST_CASE_METHOD(fixture, "klines: aggregated intervals equal the sum of their minutes") {
  auto r = get("/api/v3/klines?symbol=BTCUSDT&interval=1d");
  REQUIRE(open_times(r.body).size() == 1);
  CHECK(r.body.rfind(R"([[1752364800000,"117420.00000000","119488.00000000","117224.79000000",)"
                     R"("119086.64000000","9550.79294700",1752451199999,")",
                     0)
        == 0);
  CHECK(open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=1000").body).size() == 96);
  CHECK(open_times(get("/api/v3/klines?symbol=BTCUSDT&interval=4h").body).size() == 6);
}

TEST_CASE_METHOD(fixture, "klines: errors carry Binance's codes") {
  auto missing = get("/api/v3/klines?interval=1m");
  CHECK(missing.status == 400);
  CHECK(missing.body
        == R"({"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."})");
  CHECK(get("/api/v3/klines?symbol=BTCUSDT").body.find("-1102") != std::string::npos);
  auto bad_symbol = get("/api/v3/klines?symbol=NOPEUSDT&interval=1m");
  CHECK(bad_symbol.status == 400);
  CHECK(bad_symbol.body == R"({"code":-1121,"msg":"Invalid symbol."})");
  auto bad_interval = get("/api/v3/klines?symbol=BTCUSDT&interval=7m");
  CHECK(bad_interval.status == 400);
  CHECK(bad_interval.body == R"({"code":-1120,"msg":"Invalid interval."})");
  CHECK(get("/api/v3/klines?symbol=btcusdt&interval=1m").body.find("-1100") != std::string::npos);
  CHECK(get("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=x").body.find("-1100") != std::string::npos);
  CHECK(get("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=0").body.find("-1130") != std::string::npos);
}

TEST_CASE_METHOD(fixture, "exchangeInfo lists every symbol or the ones asked for") {
  auto all = get("/api/v3/exchangeInfo");
  REQUIRE(all.status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(all.body).get(doc));
  CHECK(doc["symbols"].get_array().size() == 2);
  int64_t server_time = 0;
  REQUIRE_FALSE(doc["serverTime"].get_int64().get(server_time));
  CHECK(server_time == 1'800'000'000'000);
  auto one = get("/api/v3/exchangeInfo?symbol=SOLBTC");
  REQUIRE_FALSE(parser.parse(one.body).get(doc));
  auto entry = doc["symbols"].at(0);
  std::string_view quote;
  REQUIRE_FALSE(entry["quoteAsset"].get_string().get(quote));
  CHECK(quote == "BTC");
  auto listed = get("/api/v3/exchangeInfo?symbols=%5B%22SOLBTC%22,%22BTCUSDT%22%5D");
  REQUIRE_FALSE(parser.parse(listed.body).get(doc));
  std::string_view first;
  REQUIRE_FALSE(doc["symbols"].at(0)["symbol"].get_string().get(first));
  CHECK(first == "SOLBTC");
  CHECK(get("/api/v3/exchangeInfo?symbol=ETHUSDT").body == R"({"code":-1121,"msg":"Invalid symbol."})");
  CHECK(get("/api/v3/exchangeInfo?symbols=BTCUSDT").body.find("-1100") != std::string::npos);
}

TEST_CASE("generated rules state the data's grids; saved entries are served verbatim") {
  auto btc = tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  auto gen = generated_rules(btc);
  CHECK(gen.entry.find(R"({"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"})")
        != std::string::npos);
  CHECK(gen.entry.find(R"("minNotional":"5.00000000")") != std::string::npos);
  auto avax = tn::sim::test::load("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv");
  CHECK(generated_rules(avax).entry.find(R"("tickSize":"0.00100000")") != std::string::npos);
  CHECK(generated_rules(avax).entry.find(R"("stepSize":"1.00000000")") != std::string::npos);

  auto path = tn::sim::test::data_path("spot/exchangeInfo-2023-09-08.json");
  auto text = tn::sim::test::read_text(path);
  std::vector<symbol_rules> rules;
  std::string limits, error;
  REQUIRE(read_symbol_rules(text, {"SOLBTC", "NOSUCH", "BTCUSDT"}, rules, limits, error));
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].symbol == "SOLBTC");
  CHECK(format_fixed(rules[0].tick, 8) == "0.00000010");
  CHECK(format_fixed(rules[1].lot, 8) == "0.00001000");
  CHECK(text.find(rules[1].entry) != std::string::npos); // byte for byte from the file
  CHECK(limits.find("REQUEST_WEIGHT") != std::string::npos);
  exchange_info info{rules, limits};
  auto body = info.render(5, {});
  CHECK(body.rfind(R"({"timezone":"UTC","serverTime":5,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT")", 0) == 0);
  CHECK_FALSE(read_symbol_rules("[]", {"X"}, rules, limits, error));

  // Spot's 2023 AVAXUSDT tick (0.01) is coarser than the 2024 futures data's.
  REQUIRE(read_symbol_rules(text, {"BTCUSDT", "AVAXUSDT"}, rules, limits, error));
  REQUIRE(rules.size() == 2);
  CHECK(rules_fit(rules[0], btc)); // though one 2025 volume is finer than the 2023 step
  CHECK_FALSE(rules_fit(rules[1], avax));
  CHECK(rules_fit(generated_rules(avax), avax));
}

TEST_CASE_METHOD(fixture, "ticker price follows the bar in progress") {
  const auto& bar = m.series()[0].bars[10];
  auto at_close = get("/api/v3/ticker/price?symbol=BTCUSDT", bar.open_time + minute_ms - 1);
  auto partial = partial_bar(bar, 3, 4, m.series()[0].tick, m.series()[0].lot);
  CHECK(at_close.body == R"({"symbol":"BTCUSDT","price":")" + format_fixed(partial.close, 8) + "\"}");
  auto at_open = get("/api/v3/ticker/price?symbol=BTCUSDT", bar.open_time);
  CHECK(at_open.body == R"({"symbol":"BTCUSDT","price":")" + format_fixed(m.series()[0].bars[9].close, 8) + "\"}");
  auto all = get("/api/v3/ticker/price");
  CHECK(all.body.front() == '[');
  CHECK(all.body.find("SOLBTC") != std::string::npos);
}
