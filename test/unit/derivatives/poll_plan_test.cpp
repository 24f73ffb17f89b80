// The adaptive poll plan: quiet and hot intervals, a symbol turning hot,
// backoff after failures and Retry-After, all in event time.

#include "actors/derivatives/poll_plan.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

derivatives_config settings() {
  derivatives_config c;
  c.quiet_interval = 5min;
  c.hot_interval = 1min;
  c.hot_for = 30min;
  c.retry_initial = 10s;
  c.retry_max = 2min;
  return c;
}

gate_pass pass(const std::string& symbol, pass_reason reason, timestamp ts) {
  return {symbol, reason, "", ts};
}

void round(poll_plan& plan, const std::string& symbol, timestamp now, bool ok = true,
           timespan wait = {}) {
  plan.begin(symbol, now, 2);
  CHECK_FALSE(plan.ended(symbol, now, true, {}));
  CHECK(plan.ended(symbol, now, ok, wait));
}

} // namespace

TEST_CASE("every symbol is due at once, then one quiet interval after its round") {
  poll_plan plan{settings(), {"BTCUSDT", "ETHUSDT"}};
  auto t0 = from_unix_ms(1'704'067'200'000);
  CHECK(plan.due(t0) == std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
  plan.begin("BTCUSDT", t0, 3);
  CHECK(plan.in_flight("BTCUSDT"));
  // A round in flight is not due again, however long it takes.
  CHECK(plan.due(t0 + 1h) == std::vector<std::string>{"ETHUSDT"});
  CHECK_FALSE(plan.ended("BTCUSDT", t0 + 1s, true, {}));
  CHECK_FALSE(plan.ended("BTCUSDT", t0 + 2s, true, {}));
  CHECK(plan.ended("BTCUSDT", t0 + 3s, true, {}));
  CHECK_FALSE(plan.in_flight("BTCUSDT"));
  CHECK(plan.next_due("BTCUSDT") == t0 + 3s + 5min);
  CHECK(plan.interval("BTCUSDT", t0) == 5min);
  CHECK(plan.due(t0 + 5min) == std::vector<std::string>{"ETHUSDT"});
  CHECK(plan.due(t0 + 5min + 3s) == std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
}

TEST_CASE("the gate's z-score and wake passes make their symbol hot: polled faster") {
  poll_plan plan{settings(), {"BTCUSDT", "ETHUSDT"}};
  auto t0 = from_unix_ms(1'704'067'200'000);
  round(plan, "BTCUSDT", t0);
  round(plan, "ETHUSDT", t0);
  // Routine passes (timer, candle close, for every symbol) change nothing.
  plan.on_pass(pass("", pass_reason::timer, t0 + 10s));
  plan.on_pass(pass("", pass_reason::candle_close, t0 + 10s));
  plan.on_pass(pass("BTCUSDT", pass_reason::reevaluation, t0 + 10s));
  CHECK_FALSE(plan.hot("BTCUSDT", t0 + 10s));
  CHECK(plan.next_due("BTCUSDT") == t0 + 5min);
  // A z-score pass for BTCUSDT two minutes in: due at once (its last round
  // began more than a hot interval ago); ETHUSDT stays quiet.
  plan.on_pass(pass("BTCUSDT", pass_reason::zscore, t0 + 2min));
  CHECK(plan.hot("BTCUSDT", t0 + 2min));
  CHECK_FALSE(plan.hot("ETHUSDT", t0 + 2min));
  CHECK(plan.due(t0 + 2min) == std::vector<std::string>{"BTCUSDT"});
  round(plan, "BTCUSDT", t0 + 2min);
  CHECK(plan.next_due("BTCUSDT") == t0 + 3min);
  CHECK(plan.interval("BTCUSDT", t0 + 3min) == 1min);
  // Hot for 30 minutes after the pass, then quiet again.
  round(plan, "BTCUSDT", t0 + 31min);
  CHECK(plan.next_due("BTCUSDT") == t0 + 32min);
  round(plan, "BTCUSDT", t0 + 32min);
  CHECK_FALSE(plan.hot("BTCUSDT", t0 + 32min));
  CHECK(plan.next_due("BTCUSDT") == t0 + 37min);
  // A wake-condition pass for ETHUSDT just after its round: due one hot
  // interval after that round began.
  round(plan, "ETHUSDT", t0 + 40min);
  plan.on_pass(pass("ETHUSDT", pass_reason::wake_condition, t0 + 40min + 20s));
  CHECK(plan.next_due("ETHUSDT") == t0 + 41min);
  // Unknown symbols are ignored.
  plan.on_pass(pass("XRPUSDT", pass_reason::zscore, t0));
  CHECK_FALSE(plan.hot("XRPUSDT", t0));
}

TEST_CASE("failed rounds back off exponentially, never before Retry-After, and recover") {
  poll_plan plan{settings(), {"BTCUSDT"}};
  auto t0 = from_unix_ms(1'704'067'200'000);
  round(plan, "BTCUSDT", t0, false);
  CHECK(plan.failures("BTCUSDT") == 1);
  CHECK(plan.next_due("BTCUSDT") == t0 + 10s);
  round(plan, "BTCUSDT", t0 + 10s, false);
  CHECK(plan.next_due("BTCUSDT") == t0 + 30s);
  round(plan, "BTCUSDT", t0 + 30s, false);
  CHECK(plan.next_due("BTCUSDT") == t0 + 70s);
  round(plan, "BTCUSDT", t0 + 70s, false);
  CHECK(plan.next_due("BTCUSDT") == t0 + 150s);
  round(plan, "BTCUSDT", t0 + 150s, false); // capped at retry_max
  CHECK(plan.next_due("BTCUSDT") == t0 + 270s);
  CHECK(plan.failures("BTCUSDT") == 5);
  // The exchange asked for more than the backoff: it waits that long.
  round(plan, "BTCUSDT", t0 + 270s, false, 10min);
  CHECK(plan.next_due("BTCUSDT") == t0 + 270s + 10min);
  // A hot symbol in backoff keeps the backoff.
  plan.on_pass(pass("BTCUSDT", pass_reason::zscore, t0 + 271s));
  CHECK(plan.next_due("BTCUSDT") == t0 + 270s + 10min);
  // One answered round: back to the interval (hot now), failures forgotten.
  round(plan, "BTCUSDT", t0 + 20min);
  CHECK(plan.failures("BTCUSDT") == 0);
  CHECK(plan.next_due("BTCUSDT") == t0 + 21min);
  round(plan, "BTCUSDT", t0 + 21min, false);
  CHECK(plan.next_due("BTCUSDT") == t0 + 21min + 10s);
}
