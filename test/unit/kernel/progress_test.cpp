#include "runtime/progress.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

tn::status_report listener(int64_t frames, int64_t reconnects = 0, int64_t malformed = 0) {
  tn::status_report r;
  r.service = "market_listener";
  r.counters = {{"frames", frames}, {"reconnects", reconnects}, {"malformed", malformed}};
  return r;
}

tn::status_report store() {
  tn::status_report r;
  r.service = "market_store";
  r.facts = {{"price:ETHUSDT", "3012.55"}, {"price:BTCUSDT", "117950.12"}, {"other", "x"}};
  r.counters = {{"candles", 12}};
  return r;
}

} // namespace

TEST_CASE("progress line shows frame rate, prices and feed health") {
  tn::progress_line line;
  auto l0 = listener(100);
  auto s = store();
  CHECK(line.render(t0, &l0, &s)
        == "[progress 1970-02-11T16:00:00Z] - frames/s  symbols 2  BTCUSDT 117950.12  ETHUSDT 3012.55"
           "  reconnects 0 malformed 0");
  auto l1 = listener(223, 1, 2);
  CHECK(line.render(t0 + 10s, &l1, &s)
        == "[progress 1970-02-11T16:00:10Z] 12.3 frames/s  symbols 2  BTCUSDT 117950.12  ETHUSDT 3012.55"
           "  reconnects 1 malformed 2");
}

TEST_CASE("progress line leaves out a missing service") {
  tn::progress_line line;
  auto s = store();
  CHECK(line.render(t0, nullptr, &s)
        == "[progress 1970-02-11T16:00:00Z] symbols 2  BTCUSDT 117950.12  ETHUSDT 3012.55");
  auto l = listener(5);
  CHECK(line.render(t0 + 5s, &l, nullptr) == "[progress 1970-02-11T16:00:05Z] - frames/s  reconnects 0 malformed 0");
  CHECK(line.render(t0 + 10s, nullptr, nullptr).empty());
}

TEST_CASE("progress line shows no rate after the listener's counter went back") {
  tn::progress_line line;
  auto before = listener(500);
  line.render(t0, &before, nullptr);
  auto after = listener(20); // restarted listener
  CHECK(line.render(t0 + 5s, &after, nullptr).find("- frames/s") != std::string::npos);
  auto later = listener(70);
  CHECK(line.render(t0 + 10s, &later, nullptr).find("10.0 frames/s") != std::string::npos);
}

TEST_CASE("progress line shows a stream that is down") {
  tn::progress_line line;
  auto down = listener(100);
  down.facts = {{"stream", "closed"}};
  CHECK(line.render(t0, &down, nullptr)
        == "[progress 1970-02-11T16:00:00Z] - frames/s  STREAM DOWN  reconnects 0 malformed 0");
  auto up = listener(110);
  up.facts = {{"stream", "open"}};
  CHECK(line.render(t0 + 1s, &up, nullptr).find("STREAM DOWN") == std::string::npos);
}

TEST_CASE("progress line counts the trader's decisions by source") {
  tn::progress_line line;
  tn::status_report trader;
  trader.service = "trader";
  trader.counters = {{"decisions", 5}, {"decisions.model", 3}, {"decisions.evaluator", 2}};
  auto s = store();
  CHECK(line.render(t0, nullptr, &s, &trader)
        == "[progress 1970-02-11T16:00:00Z] symbols 2  BTCUSDT 117950.12  ETHUSDT 3012.55"
           "  decisions 5 (model 3, evaluator 2)");
}

TEST_CASE("progress line shows equity and open positions when the order path runs") {
  tn::progress_line line;
  auto s = store();
  tn::status_report broker{"broker", {}, {{"equity", "10012.35 USDT"}}};
  tn::status_report tracker{"position_tracker", {{"open", 2}}, {}};
  CHECK(line.render(t0, nullptr, &s, nullptr, &broker, &tracker)
        == "[progress 1970-02-11T16:00:00Z] symbols 2  BTCUSDT 117950.12  ETHUSDT 3012.55"
           "  equity 10012.35 USDT  positions 2");
  tn::status_report restoring{"broker", {}, {}};
  CHECK(line.render(t0, nullptr, nullptr, nullptr, &restoring, nullptr).empty());
}
