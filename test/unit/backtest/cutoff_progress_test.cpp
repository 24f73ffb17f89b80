#include "backtest/report/cutoff.hpp"
#include "backtest/report/progress_bar.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
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
  CHECK(out[2].substr(out[2].size() - 4) == "\x1b[K\r");
  CHECK(out[3] == "\n");

  std::vector<std::string> silent;
  progress_bar off{false, [&](const std::string& s) { silent.push_back(s); }};
  off.update(0.5, 1, 1s);
  off.finish(1, 2s);
  CHECK(silent.empty());
  CHECK(off.draws() == 0);
}

TEST_CASE("progress: the ETA from candles done, their total and the elapsed time") {
  CHECK(progress_fraction(0, 0) == 0.0);
  CHECK(progress_fraction(250, 1000) == 0.25);
  std::vector<std::string> out;
  progress_bar bar{true, [&](const std::string& s) { out.push_back(s); }, 200ms};
  // A quarter in 10 s: 30 s left.
  bar.update(uint64_t{250}, uint64_t{1000}, 10s);
  // 199 ms later: too soon to redraw.
  bar.update(uint64_t{260}, uint64_t{1000}, 10s + 199ms);
  // 900 of 1000 after 45 s: 5 s left.
  bar.update(uint64_t{900}, uint64_t{1000}, 45s);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == "\r[#####               ] 25% 250 candles, ETA 0:30\x1b[K\r");
  CHECK(out[1] == "\r[##################  ] 90% 900 candles, ETA 0:05\x1b[K\r");
}

TEST_CASE("progress: stderr that is no terminal gets no bar") {
  // stderr into a file for the test's length: no terminal, so nothing is
  // drawn whatever CI says.
  auto path = std::filesystem::path{TN_BINARY_DIR} / "test-backtest" / "stderr-not-a-tty";
  std::filesystem::create_directories(path.parent_path());
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  REQUIRE(saved >= 0);
  auto* file = std::fopen(path.c_str(), "w");
  REQUIRE(file != nullptr);
  dup2(fileno(file), STDERR_FILENO);
  auto bar = stderr_progress_bar();
  bool enabled = bar.enabled();
  bar.update(uint64_t{1}, uint64_t{2}, 1s);
  bar.finish(2, 2s);
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::fclose(file);
  CHECK_FALSE(enabled);
  CHECK(bar.draws() == 0);
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().empty());
}
