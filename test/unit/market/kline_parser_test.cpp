#include "actors/market_listener/kline_parser.hpp"

#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

using namespace tn;

namespace {

const char* docs_example
  = R"({"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}})";

} // namespace

TEST_CASE("a bare kline event becomes a tick of the forming bar") {
  kline_parser parser;
  parsed_frame f;
  parser.parse(docs_example, f);
  REQUIRE(f.kind == frame_kind::kline);
  CHECK(f.last.symbol == "BNBBTC");
  CHECK(to_unix_ms(f.last.ts_event) == 1672515782136);
  CHECK(f.last.price == Approx(0.002));
  CHECK(f.bar.open == Approx(0.001));
  CHECK(f.bar.high == Approx(0.0025));
  CHECK(f.bar.low == Approx(0.0015));
  CHECK(f.bar.volume == Approx(1000));
  CHECK(f.bar.trades == 100);
  CHECK(to_unix_ms(f.bar.open_time) == 1672515780000);
  CHECK(f.last.bar_open == f.bar.open_time);
  CHECK_FALSE(f.bar.closed);
  tick_batch batch;
  append_to_batch(f, batch);
  CHECK(batch.ticks.size() == 1);
  CHECK(batch.closed.empty());
}

TEST_CASE("every kline of the recorded futures stream parses; closed bars are flagged") {
  kline_parser parser;
  parsed_frame f;
  tick_batch batch;
  auto lines = test::read_lines(test::shared_data("ws/futures-um-kline-events-2021-07-22.jsonl"));
  REQUIRE(lines.size() == 67);
  for (auto& line : lines) {
    parser.parse(line, f);
    INFO(line << " -> " << f.error);
    REQUIRE(f.kind == frame_kind::kline);
    append_to_batch(f, batch);
  }
  CHECK(batch.ticks.size() == 67);
  CHECK(batch.closed.size() == 4);
  for (auto& c : batch.closed)
    CHECK(c.low <= c.high);
}

TEST_CASE("the recorded spot combined stream: klines parse, other events are recognised") {
  kline_parser parser;
  parsed_frame f;
  size_t klines = 0, other = 0;
  auto lines = test::read_lines(test::shared_data("ws/spot-combined-stream-2021-10-12.capture.txt"));
  REQUIRE(lines.size() == 266);
  for (size_t i = 1; i < lines.size(); ++i) { // line 0 is the connection line
    auto& line = lines[i];
    auto frame = std::string_view{line}.substr(line.find(": ") + 2);
    parser.parse(frame, f);
    INFO(frame << " -> " << f.error);
    REQUIRE(f.kind != frame_kind::error);
    (f.kind == frame_kind::kline ? klines : other) += 1;
  }
  CHECK(klines == 2);
  CHECK(other == 263);
}

TEST_CASE("control replies and server shutdown are told apart from events") {
  kline_parser parser;
  parsed_frame f;
  parser.parse(R"({"result":null,"id":1})", f);
  CHECK(f.kind == frame_kind::control);
  parser.parse(R"({"e":"serverShutdown","E":1700000000000})", f);
  CHECK(f.kind == frame_kind::shutdown);
}

TEST_CASE("malformed frames are errors with a reason, and the parser stays usable") {
  kline_parser parser;
  parsed_frame f;
  std::string full = docs_example;
  for (auto bad : {std::string{""}, std::string{"not json"}, std::string{"[1,2,3]"},
                   full.substr(0, full.size() - 2),                          // truncated
                   full.substr(0, 60),                                       // truncated early
                   std::string{R"({"e":"kline","E":1,"s":"X"})"},            // no k
                   std::string{R"({"e":"kline","E":1,"k":[]})"},             // k not an object
                   std::string{R"({"e":"kline","E":"soon","k":{}})"}}) {
    parser.parse(bad, f);
    INFO(bad);
    CHECK(f.kind == frame_kind::error);
    CHECK_FALSE(f.error.empty());
  }
  auto bad_price = full;
  bad_price.replace(bad_price.find(R"("c":"0.0020")"), 12, R"("c":"0.00x0")");
  parser.parse(bad_price, f);
  CHECK(f.kind == frame_kind::error);
  CHECK(f.error == "kline: bad k.c");
  auto no_close = full;
  no_close.replace(no_close.find(R"("x":false)"), 9, R"("y":false)");
  parser.parse(no_close, f);
  CHECK(f.error == "kline: bad k.x");
  parser.parse(docs_example, f);
  CHECK(f.kind == frame_kind::kline);
}
