#include "tools/exchange-sim/options.hpp"

#include <catch2/catch.hpp>

using namespace tn::sim;

namespace {

bool parse(std::vector<std::string> args, sim_options& out, std::string& error) {
  out = sim_options{};
  error.clear();
  return parse_options(args, out, error);
}

} // namespace

TEST_CASE("defaults and a full command line") {
  sim_options o;
  std::string error;
  REQUIRE(parse({"--synthetic", "BTCUSDT,ETHUSDT:3000"}, o, error));
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 18443);
  CHECK(o.speed == 1);
  CHECK(o.synthetic.size() == 2);
  CHECK(o.synthetic[1].start_price == 3000);
  REQUIRE(parse({"--data", "a.csv,b.csv", "--data=c.json", "--port=0", "--speed", "60",
                 "--rebase-now", "--history", "100", "--updates-per-bar", "30", "--seed", "9",
                 "--drop-every", "50", "--malformed-every", "7", "--delay-ms", "20",
                 "--http-error", "429:5", "--http-error", "503", "--retry-after", "2",
                 "--tls-cert", "c.pem", "--tls-key", "k.pem", "--exchange-info", "x.json"},
                o, error));
  CHECK(o.data_files == std::vector<std::string>{"a.csv", "b.csv", "c.json"});
  CHECK(o.port == 0);
  CHECK(o.speed == 60);
  CHECK(o.rebase_now);
  CHECK(o.history_bars == 100);
  CHECK(o.updates_per_bar == 30);
  CHECK(o.seed == 9);
  CHECK(o.faults.drop_every == 50);
  CHECK(o.faults.malformed_every == 7);
  CHECK(o.faults.delay_ms == 20);
  CHECK(o.faults.retry_after_s == 2);
  REQUIRE(o.faults.http_errors.size() == 2);
  CHECK(o.faults.http_errors[0].every == 5);
  CHECK(o.tls_cert == "c.pem");
  CHECK(o.exchange_info_file == "x.json");
}

TEST_CASE("bad command lines say why") {
  sim_options o;
  std::string error;
  CHECK_FALSE(parse({}, o, error));
  CHECK(error.find("--data") != std::string::npos);
  CHECK_FALSE(parse({"--data", "a.csv", "--synthetic", "BTCUSDT"}, o, error));
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--speed", "0"}, o, error));
  CHECK(error.find("--speed") != std::string::npos);
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--port", "70000"}, o, error));
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--tls-cert", "c.pem"}, o, error));
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--bogus"}, o, error));
  CHECK(error.find("--bogus") != std::string::npos);
  CHECK_FALSE(parse({"--synthetic"}, o, error));
  CHECK(error.find("missing value") != std::string::npos);
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--updates-per-bar", "0"}, o, error));
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--http-error", "404"}, o, error));
}

TEST_CASE("help needs nothing else, and documents every flag") {
  sim_options o;
  std::string error;
  REQUIRE(parse({"--help"}, o, error));
  CHECK(o.help);
  auto text = usage();
  for (auto flag : {"--data", "--synthetic", "--seed", "--exchange-info", "--speed", "--history",
                    "--rebase-now", "--updates-per-bar", "--host", "--port", "--tls-cert",
                    "--tls-key", "--drop-every", "--malformed-every", "--delay-ms", "--http-error",
                    "--retry-after", "--help"})
    CHECK(text.find(flag) != std::string::npos);
}

TEST_CASE("the account: key pair, balances, fees and the record file") {
  sim_options o;
  std::string error;
  REQUIRE(parse({"--synthetic", "BTCUSDT"}, o, error));
  REQUIRE(o.account.balances.size() == 1);
  CHECK(o.account.balances[0].first == "USDT");
  CHECK(format_fixed(o.account.balances[0].second, 8) == "10000.00000000");
  CHECK(format_fixed(o.account.maker_fee, 8) == "0.00100000");
  REQUIRE(parse({"--synthetic", "BTCUSDT", "--api-key", "k", "--api-secret=s", "--balance",
                 "USDT=500.5,BTC=0.25", "--maker-fee", "0.0002", "--taker-fee", "0.0005",
                 "--record", "r.jsonl"},
                o, error));
  CHECK(o.api_key == "k");
  CHECK(o.api_secret == "s");
  REQUIRE(o.account.balances.size() == 2);
  CHECK(o.account.balances[1].first == "BTC");
  CHECK(format_fixed(o.account.balances[1].second, 8) == "0.25000000");
  CHECK(format_fixed(o.account.maker_fee, 8) == "0.00020000");
  CHECK(format_fixed(o.account.taker_fee, 8) == "0.00050000");
  CHECK(o.record_file == "r.jsonl");
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--balance", "USDT"}, o, error));
  CHECK(error.find("--balance") == 0);
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--taker-fee", "2"}, o, error));
  CHECK(error.find("--taker-fee") == 0);
}

TEST_CASE("order faults and the futures exchangeInfo file on the command line") {
  sim_options o;
  std::string error;
  REQUIRE(parse({"--synthetic", "BTCUSDT", "--order-fault", "drop:3", "--order-fault=5xx",
                 "--futures-exchange-info", "f.json"},
                o, error));
  REQUIRE(o.faults.order_faults.size() == 2);
  CHECK(o.faults.order_faults[0].kind == order_fault_kind::drop);
  CHECK(o.faults.order_faults[0].every == 3);
  CHECK(o.faults.order_faults[1].kind == order_fault_kind::server_error);
  CHECK(o.futures_exchange_info_file == "f.json");
  CHECK_FALSE(parse({"--synthetic", "BTCUSDT", "--order-fault", "timeout"}, o, error));
  CHECK(error.find("--order-fault") == 0);
}
