#include "runtime/event_log.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

tn::event make(int seconds, std::string topic, std::string text) {
  return {t0 + std::chrono::seconds{seconds}, std::move(topic), tn::severity::info,
          std::move(text)};
}

std::vector<std::string> texts(const std::vector<tn::event>& xs) {
  std::vector<std::string> result;
  for (auto& x : xs)
    result.push_back(x.text);
  return result;
}

} // namespace

TEST_CASE("event_log keeps exactly the last N events per topic") {
  tn::event_log log{3};
  for (int i = 1; i <= 5; ++i)
    log.add(make(i, "a", "a" + std::to_string(i)));
  log.add(make(0, "b", "b1"));
  CHECK(texts(log.query("a")) == std::vector<std::string>{"a3", "a4", "a5"});
  CHECK(texts(log.query("b")) == std::vector<std::string>{"b1"});
  CHECK(log.query("nope").empty());
  CHECK(log.topics() == 2);
  CHECK(log.total() == 6);
}

TEST_CASE("event_log merges every topic by time for the empty topic") {
  tn::event_log log{500};
  log.add(make(3, "b", "b3"));
  log.add(make(1, "a", "a1"));
  log.add(make(2, "c", "c2"));
  log.add(make(3, "a", "a3"));
  // Equal times keep topic order (a before b), then arrival order.
  CHECK(texts(log.query("")) == std::vector<std::string>{"a1", "c2", "a3", "b3"});
}

TEST_CASE("event_log keeps at least one event per topic") {
  tn::event_log log{0};
  log.add(make(1, "a", "x"));
  log.add(make(2, "a", "y"));
  CHECK(texts(log.query("a")) == std::vector<std::string>{"y"});
}

TEST_CASE("format_event_line puts time, topic, level and text on one line") {
  tn::event e{tn::from_unix_ms(1'752'964'496'789), "watchdog", tn::severity::warning,
              "no market data\nfor 5m"};
  CHECK(tn::format_event_line(e)
        == "2025-07-19T22:34:56.789Z watchdog warning no market data for 5m");
}

TEST_CASE("format_event_line shows the wall time beside an event time that differs from it") {
  using namespace std::chrono_literals;
  tn::event e{tn::from_unix_ms(1'752'964'496'789), "market", tn::severity::info, "BTCUSDT 1h closed"};
  // A simulator at 600 times real time: the market is two days ahead.
  CHECK(tn::format_event_line(e, e.ts - 48h)
        == "2025-07-19T22:34:56.789Z (wall 2025-07-17T22:34:56Z) market info BTCUSDT 1h closed");
  CHECK(tn::format_event_line(e, e.ts + 3s)
        == "2025-07-19T22:34:56.789Z (wall 2025-07-19T22:34:59Z) market info BTCUSDT 1h closed");
  // Live, the two agree to within a second: the line carries one time.
  CHECK(tn::format_event_line(e, e.ts + 999ms)
        == "2025-07-19T22:34:56.789Z market info BTCUSDT 1h closed");
}

TEST_CASE("a backtest's line filter shows warnings and errors and sums up the info lines") {
  tn::line_filter filter;
  CHECK(filter.summary().empty());
  auto warning = make(1, "risk", "refused");
  warning.level = tn::severity::warning;
  auto error = make(2, "journal", "cannot write");
  error.level = tn::severity::error;
  CHECK(filter.shows(warning));
  CHECK(filter.shows(error));
  CHECK(filter.summary().empty());
  CHECK_FALSE(filter.shows(make(3, "risk", "decision 1 HOLD")));
  CHECK_FALSE(filter.shows(make(4, "trader", "evaluator decided")));
  CHECK_FALSE(filter.shows(make(5, "risk", "decision 2 HOLD")));
  CHECK(filter.summary()
        == "3 info lines not shown (risk: 2, trader: 1; every event is in the journal)");
}
