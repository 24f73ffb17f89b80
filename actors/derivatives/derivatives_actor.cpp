#include "actors/derivatives/derivatives_actor.hpp"

#include "actors/derivatives/derivatives_book.hpp"
#include "actors/derivatives/derivatives_wire.hpp"
#include "actors/derivatives/poll_plan.hpp"
#include "actors/market_listener/fault_tally.hpp"
#include "actors/market_listener/klines_fetch.hpp"
#include "messages/derivatives.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"
#include "runtime/market_clock.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <optional>

namespace tn {

namespace {

struct derivatives_state {
  static inline const char* name = "derivatives_monitor";
  derivatives_config cfg;
  std::vector<std::string> symbols;
  std::string prefix;
  std::shared_ptr<derivatives_source> source;
  std::optional<derivatives_book> book;
  std::optional<poll_plan> plan;
  // Market time, carried on by the clock's beats while the market is silent.
  market_clock time;
  fault_tally faults{std::chrono::minutes{1}}; // failed questions, summed up per minute
  event_log_actor log;
  gate_actor gate; // gets each symbol's values after its round (funding layer)
  uint64_t rounds = 0;   // rounds ended
  uint64_t questions = 0; // questions sent
  uint64_t failed = 0;   // questions that failed (transport, HTTP, malformed, another symbol)
  uint64_t bars = 0;     // closed 1m bars counted into the CVD
};

using self_ptr = derivatives_monitor_actor::stateful_pointer<derivatives_state>;

/// The questions of a round that the source answers: the history once,
/// until it seeded the change.
std::vector<derivs_query> questions_for(const derivatives_state& st, const std::string& symbol) {
  std::vector<derivs_query> out;
  for (auto what : {derivs_query::premium_index, derivs_query::open_interest,
                    derivs_query::long_short_ratio, derivs_query::open_interest_hist})
    if ((what != derivs_query::open_interest_hist || !st.book->has_oi_history(symbol))
        && st.source->answers(symbol, what))
      out.push_back(what);
  return out;
}

void poll(self_ptr self) {
  auto& st = self->state;
  auto now = st.time.now();
  if (!now)
    return;
  auto points = static_cast<uint32_t>(st.cfg.oi_window / data_period_length(st.cfg.data_period)) + 1;
  for (auto& symbol : st.plan->due(*now)) {
    auto questions = questions_for(st, symbol);
    if (questions.empty())
      continue; // nothing the source knows about it (a backtest without its files)
    st.plan->begin(symbol, *now, static_cast<uint32_t>(questions.size()));
    for (auto what : questions) {
      ++st.questions;
      auto limit = what == derivs_query::open_interest_hist ? points : 1;
      st.source->fetch(symbol, what, derivs_target(st.prefix, what, symbol, st.cfg.data_period, limit),
                       derivs_weight(what), self);
    }
  }
}

/// One question of a symbol's round ended; `error` empty if it was kept.
void ended(self_ptr self, const std::string& symbol, derivs_query what, const std::string& error,
           timespan wait) {
  auto& st = self->state;
  auto now = st.time.now().value_or(timestamp{});
  if (!error.empty()) {
    ++st.failed;
    if (auto line = st.faults.record(now, symbol + " " + to_string(what) + " failed", error))
      publish_event(self, "derivatives", now, severity::warning, std::move(*line));
  }
  if (!st.plan->ended(symbol, now, error.empty(), wait))
    return;
  ++st.rounds;
  auto snap = st.book->snapshot(symbol, now, st.plan->hot(symbol, now));
  publish_event(self, "derivatives", now, severity::info, describe(snap));
  if (st.gate)
    self->send(st.gate, atom::derivs_v, std::move(snap));
}

status_report report(self_ptr self) {
  auto& st = self->state;
  auto r = counters_report(derivatives_state::name, {{"rounds", st.rounds},
                                                     {"questions", st.questions},
                                                     {"failed", st.failed},
                                                     {"cvd_bars", st.bars}});
  auto now = st.time.now().value_or(timestamp{});
  for (auto& symbol : st.symbols)
    r.facts[symbol] = describe(st.book->snapshot(symbol, now, st.plan->hot(symbol, now)));
  return r;
}

derivatives_monitor_actor::behavior_type
derivatives_behavior(self_ptr self, derivatives_config cfg, std::vector<std::string> symbols,
                     std::string prefix, std::shared_ptr<derivatives_source> source) {
  auto& st = self->state;
  st.book.emplace(symbols, cfg.oi_window, cfg.cvd_window);
  st.plan.emplace(cfg, symbols);
  st.cfg = std::move(cfg);
  st.symbols = std::move(symbols);
  st.prefix = std::move(prefix);
  st.source = std::move(source);
  return {
    [self](atom::fetched, const std::string& symbol, derivs_query what, const std::string& body) {
      ended(self, symbol, what, self->state.book->on_answer(symbol, what, body), timespan{});
    },
    [self](atom::fetched, const std::string& symbol, derivs_query what, const std::string& error,
           timespan wait) { ended(self, symbol, what, error, wait); },
    [self](atom::derivs) {
      auto& st = self->state;
      auto now = st.time.now().value_or(timestamp{});
      std::vector<derivatives_snapshot> out;
      for (auto& symbol : st.symbols)
        out.push_back(st.book->snapshot(symbol, now, st.plan->hot(symbol, now)));
      return out;
    },
    [self](atom::pass, const gate_pass& pass) {
      self->state.plan->on_pass(pass);
      poll(self);
    },
    [self](const tick_batch& batch) {
      auto& st = self->state;
      for (auto& bar : batch.closed) {
        st.time.on_data(bar.open_time + length_of(bar.span));
        st.bars += st.book->on_bar(bar) ? 1 : 0;
      }
      for (auto& t : batch.ticks)
        st.time.on_data(t.ts_event);
      poll(self);
    },
    [self](atom::time, timestamp beat) {
      auto& st = self->state;
      auto now = st.time.on_beat(beat);
      if (!now)
        return;
      for (auto& line : st.faults.flush(*now))
        publish_event(self, "derivatives", *now, severity::warning, std::move(line));
      poll(self);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
      else if (name == "gate")
        self->state.gate = caf::actor_cast<gate_actor>(hdl);
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

derivatives_monitor_actor spawn_derivatives_monitor(caf::actor_system& sys, derivatives_config cfg,
                                                    std::vector<std::string> symbols,
                                                    std::string prefix,
                                                    std::shared_ptr<derivatives_source> source) {
  return sys.spawn(derivatives_behavior, std::move(cfg), std::move(symbols), std::move(prefix),
                   std::move(source));
}

caf::error derivatives_monitor_refusal(const service_context& ctx) {
  if (auto why = ctx.cfg.section<derivatives_config>().validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  if (ctx.cfg.exchange.market != market_kind::futures)
    return caf::make_error(ec::invalid_config,
                           "derivatives_monitor needs exchange.market: futures");
  return {};
}

caf::expected<caf::actor> spawn_derivatives_monitor(service_context& ctx) {
  if (auto refusal = derivatives_monitor_refusal(ctx))
    return refusal;
  auto& cfg = ctx.cfg.section<derivatives_config>();
  if (!ctx.io)
    return caf::make_error(ec::missing_service, "derivatives_monitor needs the network thread");
  std::string error;
  auto source = make_rest_derivatives(*ctx.io, ctx.cfg, error);
  if (!source)
    return caf::make_error(ec::invalid_config, "exchange: " + error);
  return caf::actor_cast<caf::actor>(spawn_derivatives_monitor(
    ctx.sys, cfg, ctx.cfg.market.symbols, rest_url_path(ctx.cfg.exchange), std::move(source)));
}

} // namespace tn
