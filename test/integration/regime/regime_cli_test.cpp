// The tradenode binary's regime subcommand, run as the operator runs it.

#include "test/integration/files.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

using namespace std::chrono_literals;
using tn::test::slurp;
using tn::test::subprocess;
using tn::test::temp_dir;

namespace {

const std::string btc_daily = std::string{TN_SHARED_DATA} + "/spot/klines_1d/"
                              + "BTCUSDT-1d-2021-12-07_2024-09-01.api-v3-klines.json";

struct outcome {
  int code;
  std::string out;
  std::string err;
};

outcome run(const temp_dir& dir, const std::vector<std::string>& args) {
  subprocess p{TN_TRADENODE, args, dir.file("stdout"), dir.file("stderr")};
  REQUIRE(p.started());
  auto code = p.exit_code(30s);
  return {code, slurp(dir.file("stdout")), slurp(dir.file("stderr"))};
}

} // namespace

TEST_CASE("tradenode regime prints one JSON object for a daily kline file") {
  temp_dir dir;
  auto r = run(dir, {"regime", "--data", btc_daily, "--last", "365"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  // One line, one object.
  REQUIRE(!r.out.empty());
  CHECK(r.out.find('\n') == r.out.size() - 1);
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  REQUIRE(parser.parse(r.out).get_object().get(root) == simdjson::SUCCESS);
  for (auto key : {"loglik", "iterations", "means", "variances", "transition_matrix",
                   "filtered_last", "regime"}) {
    INFO(key);
    CHECK(root[key].error() == simdjson::SUCCESS);
  }
  int64_t observations = 0;
  REQUIRE(root["observations"].get(observations) == simdjson::SUCCESS);
  CHECK(observations == 365);
  std::string_view regime;
  REQUIRE(root["regime"].get(regime) == simdjson::SUCCESS);
  CHECK((regime == "low_vol" || regime == "high_vol"));
  // Without --last: every return of the file, the open last bar dropped.
  auto all = run(dir, {"regime", "--data", btc_daily});
  REQUIRE(all.code == 0);
  REQUIRE(parser.parse(all.out).get_object().get(root) == simdjson::SUCCESS);
  REQUIRE(root["observations"].get(observations) == simdjson::SUCCESS);
  CHECK(observations == 998);
}

TEST_CASE("tradenode regime refuses bad usage with 2 and a bad file with 1") {
  temp_dir dir;
  auto usage = run(dir, {"regime"});
  CHECK(usage.code == 2);
  CHECK(usage.err.find("--data FILE is required") != std::string::npos);
  auto minutes = dir.file("minutes.csv");
  tn::test::write(minutes, "1752364800000000,1,2,0.5,1.5,10,1752364859999999,15,3,5,7,0\n");
  auto bad = run(dir, {"regime", "--data", minutes});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("not a daily kline") != std::string::npos);
  CHECK(bad.out.empty());
  auto help = run(dir, {"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("tradenode regime --data FILE [--last N]") != std::string::npos);
}
