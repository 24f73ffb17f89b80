// The backtest's command line and trades.csv, without a run.

#include "backtest/run/backtest_args.hpp"
#include "backtest/run/journal_record.hpp"
#include "backtest/report/write_report.hpp"
#include "runtime/journal/journal_db.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace tn;
using namespace tn::backtest;

TEST_CASE("tradenode backtest reads its options") {
  backtest_args a;
  std::string error;
  REQUIRE(parse_backtest_args({"--config", "c.yaml", "--data", "A-1m.csv", "SOLBTC=b.json",
                               "--from", "2025-07-13", "--to", "2025-07-14T00:00Z", "--out",
                               "dir"},
                              a, error));
  CHECK(a.config_path == "c.yaml");
  CHECK(a.data == std::vector<std::string>{"A-1m.csv", "SOLBTC=b.json"});
  CHECK(a.from == "2025-07-13");
  CHECK(a.to == "2025-07-14T00:00Z");
  CHECK(a.out == "dir");
  CHECK_FALSE(a.yes);
  CHECK_FALSE(a.help);
  backtest_args confirmed;
  REQUIRE(parse_backtest_args({"--config", "c.yaml", "--yes"}, confirmed, error));
  CHECK(confirmed.yes);
  backtest_args b;
  CHECK_FALSE(parse_backtest_args({"--data", "a.csv", "--out", "x"}, b, error));
  CHECK(error == "--config FILE is needed: a config with node.mode: backtest "
                 "(e.g. configs/backtest.yaml)");
  CHECK_FALSE(parse_backtest_args({"--data", "--out", "x"}, b, error));
  CHECK(error == "--data needs at least one file");
  CHECK_FALSE(parse_backtest_args({"--from"}, b, error));
  CHECK(error == "--from needs a value");
  backtest_args c;
  REQUIRE(parse_backtest_args({"--help"}, c, error));
  CHECK(c.help);
  CHECK(std::string{backtest_usage}.rfind("usage: tradenode backtest", 0) == 0);
}

TEST_CASE("trades.csv has one row per fill, its event time first") {
  record r;
  r.quote_asset = "USDT";
  fill_row f;
  f.time = timestamp{std::chrono::seconds{1752420480}};
  f.symbol = "BTCUSDT";
  f.buy = true;
  f.quantity = decimal::from_units(2'103'000);
  f.price = *decimal::parse("118955.437995");
  f.fee = *decimal::parse("2.50163287");
  f.client_id = "tn0000-15-0m";
  f.reason = "entry";
  f.decision_id = 15;
  r.fills.push_back(f);
  f.buy = false;
  f.reason = "stop_loss";
  f.decision_id = 0;
  f.time += std::chrono::minutes{3};
  r.fills.push_back(f);
  CHECK(trades_csv(r)
        == "time,symbol,side,quantity,price,fee,quote_asset,reason,decision_id,client_id\n"
           "2025-07-13T15:28:00.000Z,BTCUSDT,BUY,0.02103,118955.437995,2.50163287,USDT,entry,15,"
           "tn0000-15-0m\n"
           "2025-07-13T15:31:00.000Z,BTCUSDT,SELL,0.02103,118955.437995,2.50163287,USDT,"
           "stop_loss,0,tn0000-15-0m\n");
}

TEST_CASE("funding.csv has one row per funding payment, its funding time first") {
  record r;
  r.quote_asset = "USDT";
  r.funding.push_back({timestamp{std::chrono::seconds{1706774400}} + std::chrono::milliseconds{4},
                       "AVAXUSDT", *decimal::parse("12.5"), *decimal::parse("35.6789"),
                       *decimal::parse("0.00023456"), *decimal::parse("-0.10461054")});
  r.funding.push_back({timestamp{std::chrono::seconds{1706803200}}, "AVAXUSDT",
                       *decimal::parse("12.5"), *decimal::parse("36"),
                       *decimal::parse("-0.00005"), *decimal::parse("0.0225")});
  CHECK(funding_csv(r)
        == "time,symbol,position,mark_price,rate,amount,quote_asset\n"
           "2024-02-01T08:00:00.004Z,AVAXUSDT,12.5,35.6789,0.00023456,-0.10461054,USDT\n"
           "2024-02-01T16:00:00.000Z,AVAXUSDT,12.5,36,-0.00005,0.0225,USDT\n");
}

namespace {

decision_record asked(std::string outcome, uint64_t in, uint64_t out, double cost) {
  decision_record d;
  d.trigger.reason = pass_reason::timer;
  d.trigger.ts = timestamp{std::chrono::seconds{1752420480}};
  d.backend = "anthropic";
  d.model_outcome = std::move(outcome);
  d.chosen.ts = d.trigger.ts;
  d.chosen.usage.input_tokens = in;
  d.chosen.usage.cache_read_input_tokens = in / 2;
  d.chosen.usage.output_tokens = out;
  d.chosen.cost_usd = cost;
  return d;
}

/// A journal holding the decisions `xs`, in the test's binary directory.
std::string journal_of(const std::string& name, const std::vector<decision_record>& xs) {
  auto dir = std::filesystem::path{TN_BINARY_DIR} / "test-backtest" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = journal_path(dir.string());
  auto db = journal_db::open(path);
  REQUIRE(db);
  REQUIRE_FALSE(db->append(xs));
  REQUIRE_FALSE(db->close());
  return path;
}

} // namespace

TEST_CASE("the model's calls, cache hits, tokens and cost come from the run's decisions") {
  std::vector<decision_record> xs = {
    asked("ok", 1000, 200, 0.0125),
    asked("rejected: decisions[0].action: unknown", 900, 100, 0.01),
    asked("failed: timeout after 3 attempts", 800, 0, 0.0025),
    asked("not_cached: no journaled answer for prompt 0123456789ab", 0, 0, 0),
    asked("budget_exhausted: the run's budget is spent", 0, 0, 0),
    asked("breaker open", 0, 0, 0),
  };
  auto path = journal_of("model-usage", xs);
  SECTION("live: answers and failures are calls") {
    record r;
    r.model.mode = "live";
    std::string error;
    REQUIRE(read_journal_record(path, r, error));
    CHECK(r.model.calls == 3);
    CHECK(r.model.cache_hits == 0);
    CHECK(r.model.cache_misses == 1);
    CHECK(r.model.input_tokens == 1000 + 500 + 900 + 450 + 800 + 400);
    CHECK(r.model.output_tokens == 300);
    CHECK(to_string(r.model.cost_usd) == "0.025");
  }
  SECTION("cache: answers are hits, not_cached a miss") {
    record r;
    r.model.mode = "cache";
    std::string error;
    REQUIRE(read_journal_record(path, r, error));
    CHECK(r.model.calls == 0);
    CHECK(r.model.cache_hits == 2);
    CHECK(r.model.cache_misses == 1);
  }
  SECTION("off: the evaluator decided, nothing is read") {
    record r;
    r.model.mode = "off";
    std::string error;
    REQUIRE(read_journal_record(path, r, error));
    CHECK(r.model.calls == 0);
    CHECK(r.model.cache_hits == 0);
    CHECK(r.model.cache_misses == 0);
    CHECK(r.model.input_tokens == 0);
    CHECK(r.model.cost_usd == decimal{});
  }
}
