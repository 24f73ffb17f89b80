#pragma once

// Test doubles for the decision actors: a scripted model backend, a market
// store with constructed candles, and a recorder for the gate's schedule;
// the journal's is test/unit/journal_fake.hpp.

#include "actors/agent/decision_schema.hpp"
#include "actors/agent/model_backend.hpp"
#include "messages/actors.hpp"
#include "messages/decision.hpp"
#include "messages/derivatives.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "test/unit/journal_fake.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// The Anthropic backend's name and model with an empty schema: what the
/// stand-in backends below answer as.
class fake_anthropic : public model_backend {
public:
  std::string name() const override {
    return "anthropic";
  }
  std::string model() const override {
    return "claude-sonnet-4-5";
  }
  const std::string& schema() const override {
    return schema_;
  }

private:
  std::string schema_ = "{}";
};

/// Answers each call with the next scripted response, at once; with an
/// empty script it never answers (a hung model).
class scripted_backend : public fake_anthropic {
public:
  struct shared {
    std::deque<model_response> script;
    std::vector<model_call> calls;
    int reauthentications = 0;
    std::string reauth_error;
  };

  explicit scripted_backend(std::shared_ptr<shared> s) : s_(std::move(s)) {
  }

  std::string reauthenticate() override {
    ++s_->reauthentications;
    return s_->reauth_error;
  }
  void call(model_call req, std::function<void(model_response)> done) override {
    s_->calls.push_back(std::move(req));
    if (s_->script.empty())
      return;
    auto next = std::move(s_->script.front());
    s_->script.pop_front();
    done(std::move(next));
  }

private:
  std::shared_ptr<shared> s_;
};

/// A successful response carrying `input_json`.
inline model_response ok_response(std::string input_json, uint64_t in = 1000,
                                  uint64_t out = 200) {
  model_response r;
  r.reply.status = reply_status::ok;
  r.reply.input_json = std::move(input_json);
  r.reply.usage.input_tokens = in;
  r.reply.usage.output_tokens = out;
  r.reply.model = "claude-sonnet-4-5-20250929";
  r.raw = "{\"raw\":true}";
  r.http_status = 200;
  r.attempts = 1;
  return r;
}

/// An HTTP 500 that exhausted its retries.
inline model_response server_error() {
  model_response r;
  r.reply.status = reply_status::api_error;
  r.reply.error_type = "api_error";
  r.reply.error = "HTTP 500: internal server error";
  r.raw = "{\"type\":\"error\"}";
  r.http_status = 500;
  r.attempts = 3;
  return r;
}

/// A valid decision input: BTCUSDT per `action`, checks again in an hour.
inline std::string decision_json(const std::string& action = "BUY", double pct = 0.25,
                                 const std::string& memory = "watching 60k") {
  return R"({"decisions":[{"symbol":"BTCUSDT","action":")" + action
         + R"(","position_pct":)" + std::to_string(pct)
         + R"(,"signals":[{"name":"trend","direction":"bullish","confidence":0.7}]}],)"
           R"("next_check_seconds":3600,"wake_conditions":[{"symbol":"BTCUSDT","metric":"price",)"
           R"("operator":"<","threshold":58000}],"memory_update":")"
         + memory + R"(","reasoning":"uptrend"})";
}

inline decision_limits btc_limits() {
  decision_limits l;
  l.symbols = {"BTCUSDT"};
  l.min_next_check_seconds = 1800;
  l.max_next_check_seconds = 14400;
  return l;
}

/// `n` closed bars of `span` rising by `step` per bar, ending before `end`.
inline std::vector<candle> rising_bars(const std::string& symbol, interval span, uint32_t n,
                                       timestamp end, double step = 0.004) {
  std::vector<candle> bars;
  auto len = length_of(span);
  double price = 50000;
  for (uint32_t i = 0; i < n; ++i) {
    candle c;
    c.symbol = symbol;
    c.span = span;
    c.open_time = end - len * static_cast<int64_t>(n - i);
    c.open = price;
    price *= 1 + step * (i % 5 == 4 ? -0.5 : 1.0);
    c.close = price;
    c.high = std::max(c.open, c.close) * 1.001;
    c.low = std::min(c.open, c.close) * 0.999;
    c.volume = 100 + (i % 7);
    c.closed = true;
    bars.push_back(c);
  }
  return bars;
}

/// What a fake market store answers.
struct store_fake {
  timestamp end;              // the bars end before this
  double last_price = 61234;  // the latest tick
  uint32_t available = 1000;  // bars it has per symbol and interval
};

/// A market store answering every candle query with rising bars.
inline market_store_actor::behavior_type fake_store(market_store_actor::pointer self,
                                                    store_fake cfg) {
  (void)self;
  return {
    [](atom::warmup, uint64_t, std::vector<candle>&) {},
    [](atom::warmup, uint64_t, std::string&, timespan) {},
    [](atom::warmup, uint64_t) {},
    [cfg](atom::candles, const std::string& symbol, interval span, uint32_t count, timestamp) {
      return rising_bars(symbol, span, std::min(count, cfg.available), cfg.end);
    },
    [](atom::symbols) { return std::vector<std::string>{"BTCUSDT"}; },
    [cfg](atom::price, const std::string&) { return cfg.last_price; },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct schedule_entry {
  timestamp ts;
  int64_t next_check_seconds;
  std::vector<wake_condition> wakes;
  bool keeps_wakes = false; // the armed wake conditions stay (no model decision)
};

/// A gate that records the schedules it gets.
inline gate_actor::behavior_type recording_gate(gate_actor::pointer,
                                                std::shared_ptr<std::vector<schedule_entry>> out) {
  return {
    [out](atom::schedule, timestamp ts, int64_t secs, std::vector<wake_condition>& wakes) {
      out->push_back({ts, secs, std::move(wakes), false});
    },
    [out](atom::schedule, timestamp ts, int64_t secs) { out->push_back({ts, secs, {}, true}); },
    [](atom::derivs, const derivatives_snapshot&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

/// A trader that records the passes it gets.
inline trader_actor::behavior_type recording_trader(trader_actor::pointer,
                                                    std::shared_ptr<std::vector<gate_pass>> out) {
  return {
    [out](atom::pass, gate_pass& p) { out->push_back(std::move(p)); },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

template <class Handle>
caf::strong_actor_ptr ptr(const Handle& x) {
  return caf::actor_cast<caf::strong_actor_ptr>(x);
}

} // namespace tn::test
