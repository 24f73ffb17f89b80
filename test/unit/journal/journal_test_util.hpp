#pragma once

// Helpers shared by the journal tests: opening the journal, sample data, raw
// access to the file behind journal_db's back, and error text.

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"
#include "test/unit/kernel/temp_dir.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <caf/deep_to_string.hpp>
#include <caf/error.hpp>
#include <caf/message.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

namespace tn::test {

using namespace std::chrono_literals;

inline const timestamp t0 = timestamp{} + 1000h;

/// The journal at `path`; the test fails if it cannot be opened.
inline journal_db open_journal(const std::string& path) {
  auto db = journal_db::open(path);
  REQUIRE(db);
  return std::move(*db);
}

inline event make_event(const std::string& topic, const std::string& text,
                        severity level = severity::info, timespan after = {}) {
  return {t0 + after, topic, level, text};
}

/// A maker buy of 0.001 BTCUSDT at 50000.5 for order o1, trade `trade_id`
/// at `ts`, paying `fee` USDT.
inline fill make_fill(uint64_t trade_id, timestamp ts, const char* fee = "0.01") {
  fill x;
  x.client_id = "o1";
  x.symbol = "BTCUSDT";
  x.side = order_side::buy;
  x.trade_id = trade_id;
  x.quantity = dec("0.001");
  x.price = dec("50000.5");
  x.fee = dec(fee);
  x.fee_asset = "USDT";
  x.maker = true;
  x.ts = ts;
  return x;
}

/// A closed bar of `symbol`, `n` bars after t0, with values derived from n.
inline candle make_candle(const std::string& symbol, int n, interval span = interval::m1) {
  candle c;
  c.symbol = symbol;
  c.span = span;
  c.open_time = t0 + n * length_of(span);
  c.open = 100 + n;
  c.high = 110 + n;
  c.low = 90 + n;
  c.close = 105 + n;
  c.volume = 1.5 * n;
  c.quote_volume = 150.25 * n;
  c.trades = static_cast<uint64_t>(10 + n);
  c.taker_buy_volume = 0.5 * n;
  c.closed = true;
  return c;
}

/// A model decision `n` seconds after t0 with every field set: usage and
/// cost, a rejected and an adjusted part, signals, wake conditions, and
/// text that needs escaping in JSON.
inline decision_record make_model_decision(int n = 0) {
  decision_record x;
  x.trigger = {"BTCUSDT", pass_reason::zscore, "zscore_price 3.2 > 3 (\"1m\")", t0 + n * 1s};
  x.backend = "anthropic";
  x.model_outcome = "ok";
  x.raw_response = "{\"content\":[{\"type\":\"tool_use\"}]}\n\ttrailing \xc3\xa9 \xff";
  x.latency = 1234567891ns;
  x.attempts = 2;
  auto& d = x.chosen;
  d.ts = t0 + n * 1s + 2s;
  d.source = decision_source::model;
  d.decisions = {
    {"BTCUSDT", trade_action::buy, 1.0 / 3,
     {{"momentum", signal_direction::bullish, 0.1}, {"funding", signal_direction::bearish, 1e-9}}},
    {"ETHUSDT", trade_action::hold, 0, {}},
    {"SOLUSDT", trade_action::sell, 0.30000000000000004,
     {{"volume \"spike\"\n", signal_direction::neutral, 1}}},
  };
  d.next_check_seconds = 900 + n;
  d.wake_conditions = {{"BTCUSDT", wake_metric::price, wake_op::ge, 65000.5},
                       {"ETHUSDT", wake_metric::zscore_volume, wake_op::lt, -2.75},
                       {"SOLUSDT", wake_metric::pnl_pct, wake_op::le, -4}};
  d.memory_update = "watch BTC \u00e9\u4e2d above 65k";
  d.reasoning = "momentum up; funding\tneutral\\";
  d.model = "claude-sonnet-4-5";
  d.prompt_hash = std::string(64, 'a');
  d.usage = {1200, 340, 5000, std::numeric_limits<uint64_t>::max()};
  d.cost_usd = 0.0123456789;
  d.validation.whole_rejected = false;
  d.validation.rejected = {{"decisions[3]", "symbol XRPUSDT was not asked about"}};
  d.validation.adjusted = {{"next_check_seconds", "clamped from 30 to 60"},
                           {"decisions[0].position_pct", "\"0.5\" rounded"}};
  x.history_gaps = "BTCUSDT 1d: 3 of 24 bars; ETHUSDT 4h: unavailable";
  return x;
}

/// The evaluator's decision `n` seconds after t0: the model was not asked.
inline decision_record make_evaluator_decision(int n = 0) {
  decision_record x;
  x.trigger = {"", pass_reason::watchdog, "no market data for 300s", t0 + n * 1s};
  x.model_outcome = "breaker open";
  auto& d = x.chosen;
  d.ts = t0 + n * 1s;
  d.source = decision_source::evaluator;
  d.decisions = {
    {"BTCUSDT", trade_action::sell, 0.25, {{"trend", signal_direction::bearish, 0.8}}}};
  d.next_check_seconds = 60;
  d.reasoning = "score -0.6";
  return x;
}

/// Checks every field of `got` against `want`.
inline void check_same(const decision_record& got, const decision_record& want) {
  INFO("got:  " << caf::deep_to_string(got));
  INFO("want: " << caf::deep_to_string(want));
  CHECK(got.trigger.symbol == want.trigger.symbol);
  CHECK(got.trigger.reason == want.trigger.reason);
  CHECK(got.trigger.detail == want.trigger.detail);
  CHECK(got.trigger.ts == want.trigger.ts);
  CHECK(got.backend == want.backend);
  CHECK(got.model_outcome == want.model_outcome);
  CHECK(got.raw_response == want.raw_response);
  CHECK(got.latency == want.latency);
  CHECK(got.attempts == want.attempts);
  CHECK(got.history_gaps == want.history_gaps);
  auto& g = got.chosen;
  auto& w = want.chosen;
  CHECK(g.ts == w.ts);
  CHECK(g.source == w.source);
  REQUIRE(g.decisions.size() == w.decisions.size());
  for (size_t i = 0; i < g.decisions.size(); ++i) {
    auto& gs = g.decisions[i];
    auto& ws = w.decisions[i];
    CHECK(gs.symbol == ws.symbol);
    CHECK(gs.action == ws.action);
    CHECK(gs.position_pct == ws.position_pct);
    REQUIRE(gs.signals.size() == ws.signals.size());
    for (size_t j = 0; j < gs.signals.size(); ++j) {
      CHECK(gs.signals[j].name == ws.signals[j].name);
      CHECK(gs.signals[j].direction == ws.signals[j].direction);
      CHECK(gs.signals[j].confidence == ws.signals[j].confidence);
    }
  }
  CHECK(g.next_check_seconds == w.next_check_seconds);
  REQUIRE(g.wake_conditions.size() == w.wake_conditions.size());
  for (size_t i = 0; i < g.wake_conditions.size(); ++i) {
    CHECK(g.wake_conditions[i].symbol == w.wake_conditions[i].symbol);
    CHECK(g.wake_conditions[i].metric == w.wake_conditions[i].metric);
    CHECK(g.wake_conditions[i].op == w.wake_conditions[i].op);
    CHECK(g.wake_conditions[i].threshold == w.wake_conditions[i].threshold);
  }
  CHECK(g.memory_update == w.memory_update);
  CHECK(g.reasoning == w.reasoning);
  CHECK(g.model == w.model);
  CHECK(g.prompt_hash == w.prompt_hash);
  CHECK(g.usage.input_tokens == w.usage.input_tokens);
  CHECK(g.usage.output_tokens == w.usage.output_tokens);
  CHECK(g.usage.cache_creation_input_tokens == w.usage.cache_creation_input_tokens);
  CHECK(g.usage.cache_read_input_tokens == w.usage.cache_read_input_tokens);
  CHECK(g.cost_usd == w.cost_usd);
  CHECK(g.validation.whole_rejected == w.validation.whole_rejected);
  for (auto [gi, wi] : {std::pair{&g.validation.rejected, &w.validation.rejected},
                        std::pair{&g.validation.adjusted, &w.validation.adjusted}}) {
    REQUIRE(gi->size() == wi->size());
    for (size_t i = 0; i < gi->size(); ++i) {
      CHECK(gi->at(i).path == wi->at(i).path);
      CHECK(gi->at(i).reason == wi->at(i).reason);
    }
  }
}

/// The message of one of our errors (a single string as context).
inline std::string text_of(const caf::error& err) {
  auto& ctx = err.context();
  return ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0) : caf::to_string(err);
}

/// Makes every insert of an event with topic "bad", or of a candle of
/// symbol "BAD", fail, so tests can provoke write errors mid-transaction.
/// Runs `sql` on the file at `path` through a connection of its own.
inline void exec_raw(const std::string& path, const std::string& sql) {
  sql::connection db{path};
  // The journal actor may hold the write lock for a moment: wait for it,
  // as a second writer does, instead of failing with "database is locked".
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec(sql);
}

inline void refuse_bad_rows(const std::string& path) {
  sql::connection db{path};
  db.exec("CREATE TRIGGER refuse_event BEFORE INSERT ON events WHEN NEW.topic = 'bad'"
          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
          "CREATE TRIGGER refuse_candle BEFORE INSERT ON candles WHEN NEW.symbol = 'BAD'"
          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
}

inline std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out << content;
}

} // namespace tn::test
