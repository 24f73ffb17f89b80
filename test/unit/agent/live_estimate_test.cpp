#include "actors/agent/live_estimate.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp day0 = from_unix_ms(1'735'689'600'000); // 2025-01-01 00:00 UTC

live_estimate_input input() {
  live_estimate_input in;
  in.from = day0;
  in.to = day0 + 24h * 10; // ten UTC days
  in.max_decisions_per_day = 48;
  in.max_check = 4h;
  in.request_bytes = 20000; // 10000 input tokens at two bytes each
  in.max_tokens = 2000;
  in.prices = default_prices();
  in.backend = "anthropic";
  in.model = "claude-sonnet-4-5";
  in.budget_usd = 5;
  return in;
}

live_estimate sample() {
  return estimate_live_calls(input());
}

} // namespace

TEST_CASE("live estimate: the gate's daily cap bounds the calls, its timer floors them") {
  auto e = sample();
  CHECK(e.max_calls == 480);
  CHECK(e.min_calls == 60);
  CHECK(e.per_call.input_tokens == 10000);
  CHECK(e.per_call.output_tokens == 2000);
  // Sonnet 4.5: 3 USD in, 15 USD out per million tokens.
  REQUIRE(e.usd_per_call);
  CHECK(*e.usd_per_call == Approx(10000 * 3e-6 + 2000 * 15e-6));
  CHECK(*e.max_usd == Approx(480 * 0.06));
}

TEST_CASE("live estimate: a period touching part of a day counts that day") {
  auto in = input();
  in.from = day0 + 23h;
  in.to = day0 + 25h; // two UTC days, two hours
  auto e = estimate_live_calls(in);
  CHECK(e.max_calls == 96);
  CHECK(e.min_calls == 0);
  in.to = in.from;
  CHECK(estimate_live_calls(in).max_calls == 0);
}

TEST_CASE("live estimate: a model without a price has no cost, and says so") {
  auto in = input();
  in.model = "llama3";
  auto e = estimate_live_calls(in);
  CHECK_FALSE(e.usd_per_call);
  CHECK_FALSE(e.max_usd);
  auto lines = describe(e);
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[2], Catch::Contains("no price for llama3"));
}

TEST_CASE("live estimate: the lines name calls, cost and budget") {
  auto lines = describe(sample());
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[0], Catch::Contains("anthropic, claude-sonnet-4-5"));
  CHECK_THAT(lines[1], Catch::Contains("at most 480"));
  CHECK_THAT(lines[1], Catch::Contains("at least 60"));
  CHECK_THAT(lines[2], Catch::Contains("$0.06 per call"));
  CHECK_THAT(lines[2], Catch::Contains("$28.80 in all"));
  CHECK_THAT(lines[3], Catch::Contains("$5.00"));
}

TEST_CASE("live confirmation: yes, no, no terminal, CI") {
  std::ostringstream out;
  std::string why;
  confirm_terminal tty{false, true, false};
  SECTION("y goes on, after the estimate and the question") {
    std::istringstream in{"y\n"};
    CHECK(confirm_live_backtest(sample(), tty, in, out, why));
    CHECK_THAT(out.str(), Catch::Contains("at most 480"));
    CHECK_THAT(out.str(), Catch::Contains("[y/N]"));
  }
  SECTION("YES in any case, with spaces, goes on") {
    std::istringstream in{"  Yes \n"};
    CHECK(confirm_live_backtest(sample(), tty, in, out, why));
  }
  SECTION("anything else, or just enter, declines") {
    for (auto answer : {"n\n", "\n", "sure\n"}) {
      std::istringstream in{answer};
      CHECK_FALSE(confirm_live_backtest(sample(), tty, in, out, why));
      CHECK_THAT(why, Catch::StartsWith("declined"));
    }
  }
  SECTION("end of input declines") {
    std::istringstream in{""};
    CHECK_FALSE(confirm_live_backtest(sample(), tty, in, out, why));
    CHECK_THAT(why, Catch::Contains("no answer"));
  }
  SECTION("--yes shows the estimate and asks nothing") {
    std::istringstream in{"n\n"};
    CHECK(confirm_live_backtest(sample(), confirm_terminal{true, false, true}, in, out, why));
    CHECK_THAT(out.str(), Catch::Contains("at most 480"));
    CHECK_THAT(out.str(), !Catch::Contains("[y/N]"));
  }
  SECTION("without a terminal it refuses without asking") {
    std::istringstream in{"y\n"};
    CHECK_FALSE(confirm_live_backtest(sample(), confirm_terminal{false, false, false}, in, out,
                                      why));
    CHECK_THAT(why, Catch::Contains("without a terminal"));
    CHECK_THAT(why, Catch::Contains("--yes"));
    CHECK_THAT(out.str(), !Catch::Contains("[y/N]"));
  }
  SECTION("in CI it refuses even on a terminal") {
    std::istringstream in{"y\n"};
    CHECK_FALSE(confirm_live_backtest(sample(), confirm_terminal{false, true, true}, in, out,
                                      why));
    CHECK_THAT(why, Catch::Contains("in CI"));
  }
}
