// `tradenode regime`'s arguments and its refusals.

#include "actors/regime/regime_cli.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace tn;

TEST_CASE("regime arguments: --data is required, --last takes a count") {
  regime_cli_args a;
  std::string error;
  REQUIRE(parse_regime_args({"--data", "x.json", "--last", "365"}, a, error));
  CHECK(a.data == "x.json");
  CHECK(a.last == 365);
  regime_cli_args b;
  CHECK_FALSE(parse_regime_args({}, b, error));
  CHECK(error == "regime: --data FILE is required");
  regime_cli_args c;
  CHECK_FALSE(parse_regime_args({"--data", "x", "--last", "abc"}, c, error));
  CHECK(error == "regime: --last needs a whole number of at least 10, got 'abc'");
  regime_cli_args d;
  CHECK_FALSE(parse_regime_args({"--data", "x", "--last", "9"}, d, error));
  regime_cli_args e;
  CHECK_FALSE(parse_regime_args({"--data"}, e, error));
  CHECK(error == "regime: --data needs a value");
  regime_cli_args f;
  CHECK_FALSE(parse_regime_args({"--data", "x", "--bogus"}, f, error));
  CHECK(error == "regime: unknown argument: --bogus");
  regime_cli_args g;
  REQUIRE(parse_regime_args({"--help"}, g, error));
  CHECK(g.help);
}

TEST_CASE("the regime subcommand exits 2 on bad usage and 1 on a bad file") {
  std::ostringstream out;
  std::ostringstream err;
  CHECK(run_regime_command({"--last", "20"}, out, err) == 2);
  CHECK(err.str().find("--data FILE is required") != std::string::npos);
  CHECK(out.str().empty());
  std::ostringstream out2;
  std::ostringstream err2;
  CHECK(run_regime_command({"--data", "/nonexistent.json"}, out2, err2) == 1);
  CHECK(err2.str() == "tradenode: regime: cannot read /nonexistent.json\n");
  std::ostringstream out3;
  std::ostringstream err3;
  CHECK(run_regime_command({"--help"}, out3, err3) == 0);
  CHECK(out3.str() == regime_usage);
}
