// Whole backtests on the real spot day (BTCUSDT and SOLUSDT, 2025-07-13)
// through the node's own services on CAF's deterministic scheduler: the
// replay runs to the end and the node stops cleanly; two runs of the same
// data, config and seed write the same bytes.

#include "test/unit/backtest/backtest_fixture.hpp"

using namespace tn;
using namespace tn::test_backtest;

TEST_CASE("a backtest replays a real day through the node and stops cleanly") {
  auto out = fresh_dir("day");
  std::ostringstream log;
  auto r = backtest::run_backtest(config(out, "2025-07-13T02:00", "2025-07-13T20:00"),
                                  service_table(), log);
  INFO(log.str());
  REQUIRE(r);
  // 18 hours of two symbols; the two hours before are the warm-up.
  CHECK(r->candles == 18 * 60 * 2);
  CHECK(r->market == "spot");
  CHECK(r->quote_asset == "USDT");
  CHECK(r->starting_equity == decimal::from_int(10'000));
  REQUIRE(r->equity.size() >= 18);
  CHECK(r->prices.at("BTCUSDT").size() == r->prices.at("SOLUSDT").size());
  auto journal = out / "journal.sqlite";
  // The journal saw every replayed minute, the warm-up's before them, and
  // the node decided on them.
  CHECK(count(journal, "candles") >= r->candles);
  CHECK(count(journal, "decisions") > 0);
  CHECK(count(journal, "fills") == r->fills.size());
  // The journal committed in batches: the last one when it stopped, which
  // also marked the file closed cleanly.
  CHECK(count(journal, "journal_meta WHERE key = 'clean_shutdown'") == 1);
  // A backtest runs no heartbeat: no file rewritten every replayed minute.
  CHECK_FALSE(fs::exists(out / "heartbeat"));
  auto csv = slurp(out / "trades.csv");
  REQUIRE(csv.rfind("time,symbol,side,quantity,price,fee,", 0) == 0);
  for (auto& f : r->fills) {
    CHECK(f.time >= r->from);
    CHECK(f.time <= r->to);
  }
  if (!r->fills.empty())
    CHECK(csv.find("\n2025-07-13T") != std::string::npos);
  auto report = slurp(out / "report.json");
  CHECK(report.find("\"candles\":2160") != std::string::npos);
  CHECK(slurp(out / "report.html").find("<svg") != std::string::npos);
  // The service lines say the node stopped in order.
  CHECK(log.str().find("backtest of 2160 bars of 2 symbols") != std::string::npos);
}

TEST_CASE("two backtests of the same data, config and seed are identical") {
  std::string files[2][3];
  for (int run = 0; run < 2; ++run) {
    auto out = fresh_dir("same-" + std::to_string(run));
    std::ostringstream log;
    auto r = backtest::run_backtest(config(out, "2025-07-13T02:00", "2025-07-13T20:00"),
                                    service_table(), log);
    INFO(log.str());
    REQUIRE(r);
    // The period trades: the comparison covers orders, fills and their ids.
    REQUIRE(r->fills.size() > 0);
    files[run][0] = slurp(out / "trades.csv");
    files[run][1] = slurp(out / "report.json");
    files[run][2] = journal_content(out / "journal.sqlite");
  }
  CHECK(files[0][0] == files[1][0]);
  CHECK(files[0][1] == files[1][1]);
  CHECK(files[0][2] == files[1][2]);
  CHECK(files[0][2].size() > 1000);
  CHECK(std::count(files[0][0].begin(), files[0][0].end(), '\n') > 1);
}
