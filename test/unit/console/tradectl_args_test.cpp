// tradectl's command line.

#include "tools/tradectl/args.hpp"

#include <catch2/catch.hpp>

using tn::parse_tradectl_args;
using tn::tradectl_args;

namespace {

tradectl_args parsed(const std::vector<std::string>& args) {
  tradectl_args out;
  std::string error;
  if (!parse_tradectl_args(args, out, error))
    FAIL(error);
  return out;
}

std::string refused(const std::vector<std::string>& args) {
  tradectl_args out;
  std::string error;
  REQUIRE_FALSE(parse_tradectl_args(args, out, error));
  return error;
}

} // namespace

TEST_CASE("tradectl defaults to the local console without TLS") {
  auto a = parsed({"status"});
  CHECK(a.command == "status");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == 18444);
  CHECK(a.token_env == "TRADENODE_CONSOLE_TOKEN");
  CHECK_FALSE(a.tls.enabled());
  CHECK(a.timeout_s == 10);
}

TEST_CASE("tradectl reads options in both forms and anywhere") {
  auto a = parsed({"--host", "10.0.0.5", "--port=1234", "actors", "--token-env", "MY_TOKEN",
                   "--cert", "c.pem", "--key=k.pem", "--ca", "ca.pem", "--timeout", "3"});
  CHECK(a.command == "actors");
  CHECK(a.host == "10.0.0.5");
  CHECK(a.port == 1234);
  CHECK(a.token_env == "MY_TOKEN");
  CHECK(a.tls.certificate == "c.pem");
  CHECK(a.tls.key == "k.pem");
  CHECK(a.tls.cafile == "ca.pem");
  CHECK(a.timeout_s == 3);
}

TEST_CASE("tradectl events takes an optional topic and count") {
  auto all = parsed({"events"});
  CHECK(all.topic.empty());
  CHECK(all.count == 20);
  auto topic = parsed({"events", "supervisor"});
  CHECK(topic.topic == "supervisor");
  CHECK(topic.count == 20);
  auto both = parsed({"events", "supervisor", "5"});
  CHECK(both.topic == "supervisor");
  CHECK(both.count == 5);
  auto count = parsed({"events", "50"});
  CHECK(count.topic.empty());
  CHECK(count.count == 50);
  CHECK(refused({"events", "supervisor", "many"})
        == "events: the count must be a number from 1 to 1000000, got 'many'");
  CHECK(refused({"events", "a", "1", "2"}) == "events takes at most a topic and a count");
}

TEST_CASE("tradectl decisions takes an optional count, breaker nothing") {
  auto plain = parsed({"decisions"});
  CHECK(plain.command == "decisions");
  CHECK(plain.count == 20);
  CHECK(parsed({"decisions", "5"}).count == 5);
  CHECK(refused({"decisions", "0"})
        == "decisions: the count must be a number from 1 to 1000000, got '0'");
  CHECK(refused({"decisions", "BTCUSDT"})
        == "decisions: the count must be a number from 1 to 1000000, got 'BTCUSDT'");
  CHECK(refused({"decisions", "1", "2"}) == "decisions takes at most a count");
  CHECK(parsed({"breaker"}).command == "breaker");
  CHECK(refused({"breaker", "reset"}) == "breaker takes no arguments");
}

TEST_CASE("tradectl restart needs one service name") {
  CHECK(parsed({"restart", "heartbeat"}).actor == "heartbeat");
  CHECK(refused({"restart"}) == "restart needs exactly one service name");
  CHECK(refused({"restart", "a", "b"}) == "restart needs exactly one service name");
}

TEST_CASE("tradectl's trading commands take no operands; flatten may skip the question") {
  for (auto cmd : {"positions", "balance", "pause", "resume", "flatten", "reset", "regime",
                   "derivatives"}) {
    auto a = parsed({cmd});
    CHECK(a.command == cmd);
    CHECK_FALSE(a.yes);
  }
  CHECK(parsed({"orders"}).count == 20);
  CHECK(parsed({"orders", "5"}).count == 5);
  CHECK(refused({"orders", "5", "6"}) == "orders takes at most a count");
  auto a = parsed({"flatten", "--yes"});
  CHECK(a.command == "flatten");
  CHECK(a.yes);
  CHECK(parsed({"--yes", "flatten"}).yes);
}

TEST_CASE("tradectl refuses what it does not know") {
  CHECK(refused({}) == "no command given");
  CHECK(refused({"sell"}) == "unknown command: sell");
  CHECK(refused({"flatten", "BTCUSDT"}) == "flatten takes no arguments");
  CHECK(refused({"--yes=1", "flatten"}) == "unknown option: --yes");
  CHECK(refused({"status", "now"}) == "status takes no arguments");
  CHECK(refused({"--bogus", "status"}) == "unknown option: --bogus");
  CHECK(refused({"status", "--port"}) == "--port needs a value");
  CHECK(refused({"--port", "0", "status"}) == "--port needs a number from 1 to 65535, got '0'");
  CHECK(refused({"--port", "70000", "status"})
        == "--port needs a number from 1 to 65535, got '70000'");
  CHECK(refused({"--host=", "status"}) == "--host needs a value");
  CHECK(refused({"--cert", "c.pem", "status"}) == "--cert, --key and --ca go together");
  CHECK(refused({"--timeout", "0", "status"}) == "--timeout needs seconds from 1 to 3600, got '0'");
}

TEST_CASE("tradectl --help needs no command, and the text names every command and option") {
  CHECK(parsed({"--help"}).help);
  CHECK(parsed({"-h"}).help);
  std::string usage = tn::tradectl_usage;
  for (auto word : {"status", "actors", "events [TOPIC] [N]", "decisions [N]", "breaker",
                    "restart ACTOR", "stop", "version", "positions", "orders [N]", "balance",
                    "pause", "resume", "flatten", "reset", "regime", "derivatives", "--yes",
                    "--host", "--port", "--token-env", "--cert", "--key", "--ca", "--timeout",
                    "--help"})
    CHECK(usage.find(word) != std::string::npos);
}

TEST_CASE("tradectl learner takes no operands") {
  CHECK(parsed({"learner"}).command == "learner");
  CHECK(refused({"learner", "global"}) == "learner takes no arguments");
}
