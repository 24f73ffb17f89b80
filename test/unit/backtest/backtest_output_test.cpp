// The backtest's command line and trades.csv, without a run.

#include "backtest/run/backtest_args.hpp"
#include "backtest/report/write_report.hpp"

#include <catch2/catch.hpp>

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
