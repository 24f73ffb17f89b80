#include "backtest/report/cutoff.hpp"
#include "backtest/report/progress_bar.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace tn;
using namespace tn::backtest;
using namespace std::chrono_literals;

namespace {

timestamp date(const char* text) {
  auto t = parse_cutoff_date(text);
  REQUIRE(t);
  return *t;
}

} // namespace

TEST_CASE("cutoff: dates parse exactly and impossible days are refused") {
  CHECK(to_unix_ms(date("2025-07-31")) == 1'753'920'000'000);
  CHECK_FALSE(parse_cutoff_date("2025-02-30"));
  CHECK_FALSE(parse_cutoff_date("2025-7-31"));
  CHECK_FALSE(parse_cutoff_date("July 2025"));
  CHECK_FALSE(parse_cutoff_date(""));
}

TEST_CASE("cutoff: a period before the model's cutoff is not out of sample") {
  model_cutoffs table{{"claude-sonnet-4", date("2025-03-31")},
                      {"claude-sonnet-4-5", date("2025-07-31")}};
  // The longest prefix wins: sonnet-4-5's July cutoff, not sonnet-4's March.
  auto w = cutoff_warning("claude-sonnet-4-5-20250929", table, date("2025-04-01"),
                          date("2025-06-30"));
  CHECK(w == "The whole period 2025-04-01 to 2025-06-30 lies before model "
             "claude-sonnet-4-5-20250929's training cutoff (2025-07-31): the model may have "
             "seen these prices, so its results are not out of sample.");
  auto part = cutoff_warning("claude-sonnet-4-20250514", table, date("2025-03-01"),
                             date("2025-05-01"));
  CHECK(part.find("starts before") != std::string::npos);
  CHECK(part.find("results before 2025-03-31 are not out of sample") != std::string::npos);
  CHECK(cutoff_warning("claude-sonnet-4-5", table, date("2025-08-01"), date("2025-09-01"))
        .empty());
  // No model: the evaluator decided and nothing was seen in training.
  CHECK(cutoff_warning("", table, date("2020-01-01"), date("2020-02-01")).empty());
  auto unknown = cutoff_warning("qwen3:8b", table, date("2025-01-01"), date("2025-02-01"));
  CHECK(unknown.find("No training cutoff is known for model qwen3:8b") != std::string::npos);
}

TEST_CASE("progress: the bar, percentage, candle count and ETA") {
  // 52% after 3.25 s: 3.25 * 0.48 / 0.52 = 3 s left
  CHECK(format_progress(0.52, 1'234'567, 3250ms, 10)
        == "[#####     ] 52% 1.2M candles, ETA 0:03");
  CHECK(format_progress(0, 0, 1s, 4) == "[    ] 0% 0 candles, ETA -:--");
  CHECK(format_progress(1.5, 950, 10s, 4) == "[####] 100% 950 candles, ETA 0:00");
  // 10% after 400 s: 3600 s left, shown with hours
  CHECK(format_progress(0.1, 12'345, 400s, 4) == "[    ] 10% 12.3k candles, ETA 1:00:00");
}

TEST_CASE("progress: drawn only on a terminal outside CI") {
  CHECK(progress_wanted(true, ""));
  CHECK(progress_wanted(true, "false"));
  CHECK(progress_wanted(true, "0"));
  CHECK_FALSE(progress_wanted(true, "true"));
  CHECK_FALSE(progress_wanted(true, "1"));
  CHECK_FALSE(progress_wanted(false, ""));
}

TEST_CASE("progress: redraws in place at most once per interval of the given times") {
  std::vector<std::string> out;
  progress_bar bar{true, [&](const std::string& s) { out.push_back(s); }, 250ms};
  bar.update(0.1, 10, 0ms);
  bar.update(0.2, 20, 100ms); // too soon
  bar.update(0.3, 30, 249ms); // too soon
  bar.update(0.4, 40, 250ms);
  bar.update(0.5, 50, 300ms); // too soon
  bar.finish(60, 400ms);
  REQUIRE(out.size() == 4);
  CHECK(out[0].rfind("\r[##", 0) == 0);
  CHECK(out[1].find("40%") != std::string::npos);
  CHECK(out[2].find("100% 60 candles") != std::string::npos);
  CHECK(out[2].substr(out[2].size() - 3) == "\x1b[K");
  CHECK(out[3] == "\n");

  std::vector<std::string> silent;
  progress_bar off{false, [&](const std::string& s) { silent.push_back(s); }};
  off.update(0.5, 1, 1s);
  off.finish(1, 2s);
  CHECK(silent.empty());
  CHECK(off.draws() == 0);
}
