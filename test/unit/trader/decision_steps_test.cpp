// The decision loop's steps that need no actor: passes folded into one,
// the positions valued, the prompt's bars, and the event log's line.

#include "actors/trader/decision_steps.hpp"
#include "actors/trader/prompt.hpp"

#include <catch2/catch.hpp>

using namespace tn;

namespace {

gate_pass pass(std::string symbol, pass_reason reason, std::string detail, int minute) {
  return {std::move(symbol), reason, std::move(detail),
          timestamp{} + std::chrono::hours{480000} + std::chrono::minutes{minute}};
}

decision_record record_of(decision d, gate_pass trigger, std::string outcome = {}) {
  decision_record r;
  r.trigger = std::move(trigger);
  r.model_outcome = std::move(outcome);
  r.chosen = std::move(d);
  return r;
}

} // namespace

TEST_CASE("decision steps: passes that waited become the newest, naming every earlier reason") {
  auto one = coalesce({pass("", pass_reason::timer, "timer due", 1)});
  CHECK(one.detail == "timer due");
  auto three = coalesce({pass("BTCUSDT", pass_reason::zscore, "zscore 3.1", 1),
                         pass("", pass_reason::timer, "timer due", 2),
                         pass("SOLUSDT", pass_reason::candle_close, "4h close", 3)});
  CHECK(three.symbol == "SOLUSDT");
  CHECK(three.reason == pass_reason::candle_close);
  CHECK(three.ts == pass("", pass_reason::timer, "", 3).ts);
  CHECK(three.detail == "4h close; also zscore BTCUSDT: zscore 3.1, timer: timer due");
}

TEST_CASE("decision steps: an open position's gain at the last price") {
  market_snapshot snap;
  snap.symbols = {{"BTCUSDT", 110, {}}, {"ETHUSDT", 0, {}}};
  snap.positions = {{"BTCUSDT", 0.5, 100, 0, {}}, {"ETHUSDT", 1, 2000, 0, {}}};
  value_positions(snap);
  CHECK(snap.positions[0].pnl_pct == Approx(10));
  CHECK(snap.positions[1].pnl_pct == 0); // no price yet: unknown, left at 0
}

TEST_CASE("decision steps: the prompt shows the last bars of each set") {
  market_snapshot snap;
  snap.trigger = pass("", pass_reason::timer, "timer due", 0);
  snap.ts = snap.trigger.ts;
  symbol_snapshot btc{"BTCUSDT", 64000.5, {candle_set{interval::m1, {}}}};
  for (int i = 0; i < 5; ++i) {
    candle c;
    c.symbol = "BTCUSDT";
    c.open_time = snap.ts - std::chrono::minutes{5 - i};
    c.open = c.high = c.low = c.close = 64000 + i;
    c.closed = true;
    btc.candles[0].bars.push_back(c);
  }
  snap.symbols = {btc};
  CHECK(prompt_of(snap, 5) == render_snapshot(snap));
  auto last_two = snap;
  auto& bars = last_two.symbols[0].candles[0].bars;
  bars.erase(bars.begin(), bars.begin() + 3);
  CHECK(prompt_of(snap, 2) == render_snapshot(last_two));
  CHECK(prompt_of(snap, 2) != render_snapshot(snap));
}

TEST_CASE("decision steps: the event log's line says who decided what") {
  decision model;
  model.source = decision_source::model;
  model.decisions = {{"BTCUSDT", trade_action::buy, 0.254, {}},
                     {"ETHUSDT", trade_action::hold, 0, {}},
                     {"SOLUSDT", trade_action::sell, 1, {}}};
  model.next_check_seconds = 3600;
  CHECK(decision_line(record_of(model, pass("BTCUSDT", pass_reason::zscore, "", 0), "ok"))
        == "model decided on zscore BTCUSDT: BTCUSDT BUY 25% SOLUSDT SELL 100%, next check in "
           "3600 s");
  auto evaluator = hold_all("the evaluator is not running");
  CHECK(evaluator.source == decision_source::evaluator);
  CHECK(evaluator.decisions.empty());
  CHECK(evaluator.reasoning == "the evaluator is not running");
  CHECK(decision_line(record_of(evaluator, pass("", pass_reason::timer, "", 0), "breaker open"))
        == "evaluator decided on timer: hold all, next check in 0 s (breaker open)");
  decision rejected;
  rejected.validation.whole_rejected = true;
  CHECK(decision_line(record_of(rejected, pass("", pass_reason::watchdog, "", 0),
                                "rejected: $.decisions: missing field"))
        == "model decided on watchdog: hold all (rejected: $.decisions: missing field)");
}
