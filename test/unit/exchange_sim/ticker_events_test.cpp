// The ticker-like stream events: their shape against captured live events
// and Binance's documented examples (keys, order, string or number), and
// their numbers against the REST endpoints they must agree with.

#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/futures_rest.hpp"
#include "tools/exchange-sim/replay.hpp"
#include "tools/exchange-sim/rest.hpp"
#include "tools/exchange-sim/ticker_events.hpp"

#include <simdjson.h>

#include <map>

using namespace tn::sim;

namespace {

/// "key:s" (string) or "key:n" (number) per member, in order.
std::vector<std::string> shape(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  REQUIRE_FALSE(parser.parse(json).get_object().get(obj));
  std::vector<std::string> out;
  for (auto [key, value] : obj)
    out.push_back(std::string{key} + (value.is_string() ? ":s" : value.is_number() ? ":n" : ":?"));
  return out;
}

/// Every member's value as text (strings unquoted).
std::map<std::string, std::string> fields(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  REQUIRE_FALSE(parser.parse(json).get_object().get(obj));
  std::map<std::string, std::string> out;
  for (auto [key, value] : obj) {
    std::string_view text;
    out[std::string{key}] = value.get_string().get(text) ? simdjson::minify(value) : std::string{text};
  }
  return out;
}

/// The "data" of the first captured combined-stream message of `stream_suffix`.
std::string captured(const std::string& file, const std::string& stream_suffix) {
  auto text = tn::sim::test::read_text(tn::sim::test::data_path("ws/" + file));
  auto at = text.find(stream_suffix + "\",\"data\":");
  REQUIRE(at != std::string::npos);
  auto line_start = text.rfind('\n', at) + 1;
  auto line = text.substr(line_start, text.find('\n', at) - line_start);
  auto json = line.substr(line.find(": {") + 2);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(json).get(doc));
  return simdjson::minify(doc["data"]);
}

// Binance's documented examples (developers.binance.com, WebSocket streams).
constexpr const char* spot_ticker_doc =
  R"({"e":"24hrTicker","E":123456789,"s":"BNBBTC","p":"0.0015","P":"250.00","w":"0.0018","x":"0.0009",)"
  R"("c":"0.0025","Q":"10","b":"0.0024","B":"10","a":"0.0026","A":"100","o":"0.0010","h":"0.0025",)"
  R"("l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,"n":18151})";
constexpr const char* futures_ticker_doc =
  R"({"e":"24hrTicker","E":123456789,"s":"BTCUSDT","p":"0.0015","P":"250.00","w":"0.0018","c":"0.0025",)"
  R"("Q":"10","o":"0.0010","h":"0.0025","l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,)"
  R"("L":18150,"n":18151})";
constexpr const char* mini_ticker_doc =
  R"({"e":"24hrMiniTicker","E":123456789,"s":"BNBBTC","c":"0.0025","o":"0.0010","h":"0.0025",)"
  R"("l":"0.0010","v":"10000","q":"18"})";
constexpr const char* mark_price_doc =
  R"({"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","i":"11784.62659091",)"
  R"("P":"11784.25641265","r":"0.00038167","T":1562306400000})";

constexpr int64_t day0 = 1706745600000; // 2024-02-01, the first bar of the futures file

/// Half-way through bar `bar` (two of four updates), as the stream and REST
/// see it.
struct events_fixture {
  market m{{tn::sim::test::load("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv")}};
  exchange_info info{{generated_futures_rules(m.series()[0])}};
  const kline_series& s = m.series()[0];
  size_t bar = 2 * 1440 + 30;
  kline partial = partial_bar(s.bars[bar], 2, 4, s.tick, s.lot);
  int64_t at = s.bars[bar].open_time + minute_ms / 2;
  rest_context ctx{1'800'000'000'000, at, 4};

  std::string event(feed_kind kind, bool futures) {
    return render_feed_event(kind, s, bar, partial, at, futures);
  }
  std::map<std::string, std::string> rest(const std::string& target, bool futures) {
    auto r = futures ? handle_futures_rest(m, info, "GET", target, ctx)
                     : handle_rest(m, info, "GET", target, ctx);
    REQUIRE(r.status == 200);
    return fields(r.body);
  }
};

} // namespace

TEST_CASE_METHOD(events_fixture, "stream events have the shapes of live and documented events") {
  // bookTicker: the captured live events (spot without "e", futures with e/T/E)
  CHECK(shape(event(feed_kind::book_ticker, false))
        == shape(captured("spot-combined-stream-2021-10-12.capture.txt", "@bookTicker")));
  CHECK(shape(event(feed_kind::book_ticker, true))
        == shape(captured("futures-um-combined-stream-2021-07-22.capture.txt", "@bookTicker")));
  CHECK(shape(event(feed_kind::ticker, false)) == shape(spot_ticker_doc));
  CHECK(shape(event(feed_kind::ticker, true)) == shape(futures_ticker_doc));
  CHECK(shape(event(feed_kind::mini_ticker, false)) == shape(mini_ticker_doc));
  CHECK(shape(event(feed_kind::mini_ticker, true)) == shape(mini_ticker_doc));
  CHECK(shape(event(feed_kind::mark_price, true)) == shape(mark_price_doc));
  CHECK(fields(event(feed_kind::ticker, true))["E"] == std::to_string(at));
  CHECK(fields(event(feed_kind::book_ticker, true))["e"] == "bookTicker");
  CHECK(fields(event(feed_kind::mark_price, false))["e"] == "markPriceUpdate");
}

TEST_CASE_METHOD(events_fixture, "the ticker events state what ticker/24hr states at that moment") {
  for (bool futures : {false, true}) {
    INFO("futures " << futures);
    auto e = fields(event(feed_kind::ticker, futures));
    auto r = rest(futures ? "/fapi/v1/ticker/24hr?symbol=AVAXUSDT" : "/api/v3/ticker/24hr?symbol=AVAXUSDT",
                  futures);
    const std::map<std::string, std::string> pairs = {
      {"p", "priceChange"}, {"P", "priceChangePercent"}, {"w", "weightedAvgPrice"},
      {"c", "lastPrice"},   {"Q", "lastQty"},            {"o", "openPrice"},
      {"h", "highPrice"},   {"l", "lowPrice"},           {"v", "volume"},
      {"q", "quoteVolume"}, {"O", "openTime"},           {"C", "closeTime"},
      {"F", "firstId"},     {"L", "lastId"},             {"n", "count"}};
    for (const auto& [key, name] : pairs)
      CHECK(e[key] == r[name]);
    if (!futures)
      for (const auto& [key, name] : std::map<std::string, std::string>{
             {"x", "prevClosePrice"}, {"b", "bidPrice"}, {"B", "bidQty"}, {"a", "askPrice"}, {"A", "askQty"}})
        CHECK(e[key] == r[name]);
    auto mini = fields(event(feed_kind::mini_ticker, futures));
    for (const char* key : {"c", "o", "h", "l", "v", "q"})
      CHECK(mini[key] == e[key]);
  }
  auto e = fields(event(feed_kind::ticker, false));
  CHECK(e["c"] == format_fixed(partial.close, s.scale.price));
  CHECK(e["C"] == std::to_string(at));
  CHECK(e["O"] == std::to_string(at - 86'400'000 + minute_ms / 2)); // the window's first bar
}

TEST_CASE_METHOD(events_fixture, "bookTicker and markPrice events state what REST states") {
  for (bool futures : {false, true}) {
    auto e = fields(event(feed_kind::book_ticker, futures));
    auto r = rest(futures ? "/fapi/v1/ticker/bookTicker?symbol=AVAXUSDT"
                          : "/api/v3/ticker/bookTicker?symbol=AVAXUSDT", futures);
    CHECK(e["b"] == r["bidPrice"]);
    CHECK(e["B"] == r["bidQty"]);
    CHECK(e["a"] == r["askPrice"]);
    CHECK(e["A"] == r["askQty"]);
    CHECK(e["u"] == std::to_string(at));
  }
  auto e = fields(event(feed_kind::mark_price, true));
  auto r = rest("/fapi/v1/premiumIndex?symbol=AVAXUSDT", true);
  CHECK(e["p"] == r["markPrice"]);
  CHECK(e["i"] == r["indexPrice"]);
  CHECK(e["P"] == r["estimatedSettlePrice"]);
  CHECK(e["r"] == r["lastFundingRate"]);
  CHECK(e["T"] == r["nextFundingTime"]);
  CHECK(e["E"] == r["time"]);
  CHECK(e["p"] == format_fixed(rescale(partial.close, s.scale.price, 8), 8));
}
