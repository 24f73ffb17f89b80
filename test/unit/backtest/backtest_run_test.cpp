// Whole backtests on the real spot day (BTCUSDT and SOLUSDT, 2025-07-13)
// through the node's own services on CAF's deterministic scheduler: the
// replay runs to the end and the node stops cleanly; two runs of the same
// data, config and seed write the same bytes.

#include "actors/agent/agent_config.hpp"
#include "runtime/error_text.hpp"
#include "test/unit/backtest/backtest_fixture.hpp"

using namespace tn;
using namespace tn::test_backtest;

TEST_CASE("a backtest refuses a config of another mode, naming the mode and what to do") {
  auto out = fresh_dir("testnet-mode");
  auto cfg = config(out, "2025-07-13T02:00", "2025-07-13T03:00");
  cfg.node.mode = run_mode::testnet;
  std::ostringstream log;
  auto r = backtest::run_backtest(std::move(cfg), service_table(), log);
  REQUIRE_FALSE(r);
  CHECK(error_text(r.error())
        == "the config has node.mode: testnet, and a backtest replays only a config with "
           "node.mode: backtest: give one (configs/backtest.yaml is an example) or set "
           "node.mode: backtest in this one; to run it as a testnet node instead: tradenode "
           "--config FILE");
  CHECK_FALSE(fs::exists(out));
}

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
  // The node decided on the replayed minutes; the journal keeps no copy of
  // them (the data files are the bars).
  CHECK(count(journal, "candles") == 0);
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
  // The gate's layers, as its counters tell them at the end: each ran on
  // the replayed data, passed at most as often, and the passes made
  // decisions.
  for (auto layer : {"candle_close", "timer", "wake_condition", "zscore"}) {
    INFO(layer);
    REQUIRE(r->gate.count(layer) == 1);
    CHECK(r->gate.at(layer).checked > 0);
    CHECK(r->gate.at(layer).passed <= r->gate.at(layer).checked);
  }
  uint64_t passes = 0;
  for (auto& [layer, c] : r->gate)
    passes += c.passed;
  CHECK(passes > 0);
  CHECK(passes <= count(journal, "decisions"));
  CHECK(report.find("\"gate\":{\"candle_close\":{\"checked\":"
                    + std::to_string(r->gate.at("candle_close").checked))
        != std::string::npos);
  CHECK(slurp(out / "report.html").find("<td class=\"l\">candle_close</td>") != std::string::npos);
  // The evaluator decided (agent.backtest off): no model was used, and the
  // run is its own evaluator-only comparison: one pass, its figures in both
  // columns.
  CHECK(r->model.mode == "off");
  CHECK(r->model.calls + r->model.cache_hits + r->model.cache_misses == 0);
  CHECK_FALSE(fs::exists(out / "evaluator-only"));
  CHECK(log.str().find("evaluator-only pass") == std::string::npos);
  CHECK(report_member(report, "evaluator_only", "comparison")
        == report_member(report, "metrics", "evaluator_only"));
  auto comparison = report_member(report, "comparison", "model");
  CHECK(comparison.find("\"evaluator_only_note\":\"this run is evaluator-only")
        != std::string::npos);
  // "total_return":[run,evaluator,basket]: the first two alike.
  auto total = report_member(comparison, "total_return", "cagr");
  INFO(total);
  auto first = total.find(','), second = total.find(',', first + 1);
  REQUIRE(second != std::string::npos);
  CHECK(total.substr(1, first - 1) == total.substr(first + 1, second - first - 1));
  CHECK(slurp(out / "report.html").find("<th>Evaluator only</th>") != std::string::npos);
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

TEST_CASE("a model's backtest gets an evaluator-only pass of its own beside it") {
  auto out = fresh_dir("evaluator-only");
  auto cfg = config(out, "2025-07-13T02:00", "2025-07-13T08:00");
  // The model from a cache without answers: every prompt misses, and the
  // evaluator decides each one in the main run too.
  auto& agent = cfg.section<agent_config>();
  agent.backend = agent_backend::anthropic;
  agent.backtest = agent_backtest_mode::cache;
  std::ostringstream log;
  auto r = backtest::run_backtest(std::move(cfg), service_table(), log);
  INFO(log.str());
  REQUIRE(r);
  auto journal = out / "journal.sqlite";
  auto decisions = count(journal, "decisions");
  REQUIRE(decisions > 0);
  CHECK(r->model.mode == "cache");
  CHECK(r->model.cache_misses == decisions);
  CHECK(r->model.cache_hits == 0);
  CHECK(r->model.calls == 0);
  CHECK(r->model.cost_usd == decimal{});
  // The second pass ran in its own directory, the model off, and left the
  // first run's journal as it was: every decision there a cache miss.
  auto second = out / "evaluator-only";
  REQUIRE(fs::exists(second / "journal.sqlite"));
  REQUIRE(fs::exists(second / "report.json"));
  CHECK(dump(journal, "SELECT count(*) FROM decisions WHERE model_outcome LIKE 'not_cached%'")
        == std::to_string(decisions) + "|\n");
  CHECK(dump(second / "journal.sqlite",
             "SELECT count(*) FROM decisions WHERE model_outcome LIKE 'not_cached%'")
        == "0|\n");
  CHECK(slurp(second / "report.json").find("\"mode\":\"off\"") != std::string::npos);
  // Every miss fell back to the evaluator: the two passes traded alike.
  CHECK(slurp(out / "trades.csv") == slurp(second / "trades.csv"));
  // The comparison sits in the main report, beside buy-and-hold.
  auto report = slurp(out / "report.json");
  CHECK(report.find("\"evaluator_only\":null") == std::string::npos);
  CHECK(report.find("\"evaluator_only_note\":\"a second pass of the same data and config with "
                    "agent.backtest off\"")
        != std::string::npos);
  CHECK(report.find("\"cache_misses\":" + std::to_string(decisions)) != std::string::npos);
  auto html = slurp(out / "report.html");
  CHECK(html.find("<th>Evaluator only</th>") != std::string::npos);
  CHECK(html.find("<td class=\"l\">Cache misses</td><td>" + std::to_string(decisions) + "</td>")
        != std::string::npos);
}
