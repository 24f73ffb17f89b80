// A futures backtest with funding, open interest and long/short ratio
// files: the live derivatives monitor runs on the replay and shows, at
// every round, the values of the files as of that round's replay time.

#include "test/unit/backtest/futures_fixture.hpp"

#include "runtime/error_text.hpp"

#include <fmt/format.h>

#include <cmath>

using namespace tn;
using namespace tn::test_backtest;

namespace {

struct derivs_run {
  fs::path out;
  std::string log;
  caf::expected<backtest::record> r;
};

/// A futures backtest of the AVAXUSDT bars from `from` to `to` into the
/// fresh folder `name`, with the hand-written funding and open interest
/// files and, if asked, the long/short ratio file (written into `name`-files).
derivs_run run_with_derivs_files(const std::string& name, const std::string& from,
                                 const std::string& to, bool long_short = false) {
  auto out = fresh_dir(name);
  auto files = fresh_dir(name + "-files");
  std::vector<std::string> ratios;
  if (long_short)
    ratios.push_back(write_long_short(files));
  std::ostringstream log;
  auto r = backtest::run_backtest(futures_config(out, from, to, {write_funding(files)},
                                                 {write_open_interest(files)}, ratios),
                                  service_table(), log);
  return {out, log.str(), std::move(r)};
}

} // namespace

TEST_CASE("a futures backtest's derivatives monitor shows the replayed funding, open interest "
          "and long/short ratio") {
  auto [out, log, r] = run_with_derivs_files("futures-derivs", "2024-02-01T04:00",
                                             "2024-02-01T12:00", true);
  INFO(log);
  REQUIRE(r);
  CHECK(r->market == "futures");
  CHECK(r->candles == 8 * 60);
  CHECK(log.find("derivatives: replayed from files as of replay time, AVAXUSDT (funding, "
                 "open interest and long/short ratio)")
        != std::string::npos);
  // The files cover the period: no warning about them.
  for (auto& w : r->warnings)
    CHECK(w.find("file of AVAXUSDT") == std::string::npos);

  timestamp eight, first;
  REQUIRE(parse_utc_time("2024-02-01T08:00", eight));
  REQUIRE(parse_utc_time("2024-02-01T04:00", first));
  auto settled = eight + std::chrono::milliseconds{4};
  auto lines = derivatives_lines(out / "journal.sqlite");
  // A round every 5 minutes (more while the gate is hot) over 8 hours.
  REQUIRE(lines.size() >= 8 * 12);
  size_t before = 0, after = 0;
  for (auto& [t, text] : lines) {
    INFO(text);
    CHECK(t > first);
    if (t < settled) {
      ++before;
      CHECK(text.rfind("AVAXUSDT funding 0.0100% (next 2024-02-01T08:00:00Z), open interest ", 0)
            == 0);
    } else {
      ++after;
      CHECK(text.rfind("AVAXUSDT funding 0.0235% (next 2024-02-01T16:00:00Z), open interest ", 0)
            == 0);
    }
    // The open interest of the last hourly point at or before t: point k
    // is at 20:00 + k hours and holds 1000.25 + 10 k.
    auto k = std::chrono::duration_cast<std::chrono::hours>(t - (first - std::chrono::hours{8}))
               .count();
    auto oi = fmt::format("open interest {} (", 1000.25 + 10 * k);
    CHECK(text.find(oi) != std::string::npos);
    // The window's change: one hourly point against the one an hour older.
    auto pct = (10.0 / (1000.25 + 10 * (k - 1))) * 100;
    CHECK(text.find(fmt::format("({:+.2f} % over the window)", pct)) != std::string::npos);
    // The long/short ratio of the last hourly point at or before t, the
    // same point k.
    CHECK(text.find(fmt::format("long/short {}", long_short_at(static_cast<int>(k))))
          != std::string::npos);
    // No value after the run's end is ever shown.
    CHECK(text.find("-0.0050%") == std::string::npos);
  }
  CHECK(before > 0);
  CHECK(after > 0);
}

TEST_CASE("funding and open interest files need a futures backtest and a replayed symbol") {
  auto files = fresh_dir("futures-derivs-refused-files");
  std::ostringstream log;
  auto spot_cfg = config(fresh_dir("derivs-on-spot"), "2025-07-13T02:00", "2025-07-13T03:00");
  spot_cfg.section<backtest_config>().funding = {write_funding(files)};
  auto r = backtest::run_backtest(std::move(spot_cfg), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error()).find("backtest.funding, backtest.open_interest and "
                                   "backtest.long_short_ratio need a futures backtest")
        != std::string::npos);

  auto other = futures_config(fresh_dir("derivs-other-symbol"), "2024-02-01T04:00",
                              "2024-02-01T05:00",
                              {"BTCUSDT=" + std::string{TN_SHARED_DATA}
                               + "/futures_um/BTCUSDT-fundingRate-2024-07-19_2025-06-17.csv"},
                              {});
  r = backtest::run_backtest(std::move(other), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error()).find("funding, open interest or long/short ratio file for "
                                   "BTCUSDT, which no kline file replays")
        != std::string::npos);

  // A bad row stops the run before it starts, naming file and line.
  std::ofstream{files / "AVAXUSDT-bad.csv"} << "fundingTime,fundingRate\n2024-02-01 00:00:00,x\n";
  auto bad = futures_config(fresh_dir("derivs-bad-row"), "2024-02-01T04:00", "2024-02-01T05:00",
                            {(files / "AVAXUSDT-bad.csv").string()}, {});
  r = backtest::run_backtest(std::move(bad), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error()).find("AVAXUSDT-bad.csv:2: fundingRate 'x'") != std::string::npos);
}

TEST_CASE("backtest.long_short_ratio is read from the config, needs a futures backtest and "
          "names a bad row") {
  auto dir = fresh_dir("long-short-config");
  fs::create_directories(dir);
  auto yaml = slurp(fs::path{TN_CONFIGS_DIR} / "backtest.yaml");
  const std::string key = "long_short_ratio: []";
  auto at = yaml.find(key);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, key.size(), "long_short_ratio: [AVAXUSDT=/data/ratio.csv, /d/BTCUSDT-ls.json]");
  std::ofstream{dir / "bt.yaml"} << yaml;
  auto loaded = load_node_config((dir / "bt.yaml").string(), service_table());
  REQUIRE(loaded);
  CHECK(loaded->section<backtest_config>().long_short_ratio
        == std::vector<std::string>{"AVAXUSDT=/data/ratio.csv", "/d/BTCUSDT-ls.json"});

  std::ostringstream log;
  auto spot_cfg = config(fresh_dir("long-short-on-spot"), "2025-07-13T02:00", "2025-07-13T03:00");
  spot_cfg.section<backtest_config>().long_short_ratio = {write_long_short(dir)};
  auto r = backtest::run_backtest(std::move(spot_cfg), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error()).find("backtest.long_short_ratio need a futures backtest")
        != std::string::npos);

  std::ofstream{dir / "AVAXUSDT-ls-bad.csv"} << "time,ratio,longAccount,shortAccount\n"
                                                "1706745600000,1.5,0.6,0.4\n"
                                                "1706749200000,x,0.5,0.5\n";
  auto bad = futures_config(fresh_dir("long-short-bad-row"), "2024-02-01T04:00",
                            "2024-02-01T05:00", {}, {}, {(dir / "AVAXUSDT-ls-bad.csv").string()});
  r = backtest::run_backtest(std::move(bad), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error()).find("AVAXUSDT-ls-bad.csv:3: ratio 'x' is not a non-negative number")
        != std::string::npos);
}

TEST_CASE("a funding file that begins after the replay's start is warned about, and open "
          "interest without a file is not asked") {
  auto out = fresh_dir("futures-derivs-late");
  auto files = fresh_dir("futures-derivs-late-files");
  fs::create_directories(files);
  auto funding = (files / "AVAXUSDT-fundingRate-late.csv").string();
  std::ofstream{funding} << "fundingTime,fundingRate\n2024-02-01 06:00:00,0.00030000\n";
  std::ostringstream log;
  auto r = backtest::run_backtest(
    futures_config(out, "2024-02-01T04:00", "2024-02-01T08:00", {funding}, {}), service_table(),
    log);
  INFO(log.str());
  REQUIRE(r);
  CHECK(std::count(r->warnings.begin(), r->warnings.end(),
                   "the funding file of AVAXUSDT begins at 2024-02-01T06:00:00Z, after the "
                   "replay's start: the monitor has no value before it")
        == 1);
  timestamp six;
  REQUIRE(parse_utc_time("2024-02-01T06:00", six));
  size_t failed = 0, shown = 0;
  for (auto& [t, text] : derivatives_lines(out / "journal.sqlite")) {
    INFO(text);
    // Never an open interest: the monitor did not ask for one.
    CHECK(text.find("open interest") == std::string::npos);
    CHECK(text.find("openInterest") == std::string::npos);
    if (t < six) {
      // Before the file's first rate the question fails (retried with the
      // monitor's backoff, said at most once a minute) and the rounds show
      // no funding, only the CVD of the replayed bars.
      if (text.find("failed") != std::string::npos) {
        CHECK(text.rfind("AVAXUSDT premiumIndex failed: the funding file of AVAXUSDT has no rate "
                         "at or before 2024-02-01T0",
                         0)
              == 0);
        ++failed;
      } else {
        CHECK(text.rfind("AVAXUSDT CVD ", 0) == 0);
      }
    } else if (text.rfind("AVAXUSDT funding", 0) == 0) {
      // With one event, the schedule's default 8 hours gives the next.
      CHECK(text.rfind("AVAXUSDT funding 0.0300% (next 2024-02-01T14:00:00Z), CVD ", 0) == 0);
      ++shown;
    }
  }
  CHECK(failed > 0);
  CHECK(shown > 0);
}

TEST_CASE("two futures backtests with funding and open interest files are identical") {
  auto files = fresh_dir("futures-derivs-twice-files");
  auto funding = write_funding(files);
  auto oi = write_open_interest(files);
  std::vector<std::string> journals;
  for (auto name : {"futures-derivs-twice-1", "futures-derivs-twice-2"}) {
    auto out = fresh_dir(name);
    std::ostringstream log;
    auto r = backtest::run_backtest(
      futures_config(out, "2024-02-01T04:00", "2024-02-01T10:00", {funding}, {oi}),
      service_table(), log);
    INFO(log.str());
    REQUIRE(r);
    journals.push_back(journal_content(out / "journal.sqlite"));
    CHECK(journals.back().find("|derivatives|") != std::string::npos);
  }
  CHECK(journals[0] == journals[1]);
}

TEST_CASE("the evaluator decides on the replayed funding and open interest") {
  // 20 hours, so the evaluator has its 15 hourly bars by midnight; the
  // funding settled at 16:00 (-0.00005) and the open interest change of the
  // last hour before it (+10 on 1190.25 contracts) stand at that decision.
  auto [out, log, r] = run_with_derivs_files("futures-derivs-evaluator", "2024-02-01T04:00",
                                             "2024-02-02T00:00");
  INFO(log);
  REQUIRE(r);
  timestamp midnight;
  REQUIRE(parse_utc_time("2024-02-02T00:00", midnight));
  auto row = dump(out / "journal.sqlite",
                  "SELECT symbol_decisions FROM decisions WHERE ts_ns = "
                    + std::to_string(midnight.time_since_epoch().count()));
  INFO(row);
  // The regime signal's funding part (actors/evaluator/signals.cpp), by
  // hand: no regime label here (no BTCUSDT daily closes), so it is the
  // whole signal: -tanh((rate - 0.0001) / 0.0005 * (1 + |oi change %| / 5)).
  auto oi_change_pct = 10.0 / 1190.25 * 100;
  auto expected = -std::tanh((-0.00005 - 0.0001) / 0.0005 * (1 + oi_change_pct / 5));
  auto key = std::string{R"("name":"regime","direction":"bullish","confidence":)"};
  auto at = row.find(key);
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(row.substr(at + key.size())) == Approx(expected).epsilon(1e-12));
}
