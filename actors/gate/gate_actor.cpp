#include "actors/gate/gate_actor.hpp"

#include "actors/gate/first_check.hpp"
#include "actors/gate/gate.hpp"
#include "messages/derivatives.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/error_text.hpp"
#include "runtime/market_clock.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <optional>
#include <utility>

namespace tn {

namespace {

struct gate_state {
  static inline const char* name = "gate";
  gate_config cfg;
  std::vector<std::string> symbols;
  // Market time, carried on by the clock's beats while the market is silent.
  market_clock time;
  // Made at the first market data, whose time starts the timer (now +
  // max_check): before it there is no market time to run on.
  std::optional<gate> logic;
  trader_actor trader;
  // Gets every pass too: it polls faster for a symbol the gate is hot for.
  gate_pass_sink_actor derivatives;
  event_log_actor log;
  journal_actor journal;
  // The schedule kept before a restart, until the first event time makes
  // the logic.
  std::optional<gate_schedule> restored;
  // What the journal holds, to write only changes.
  timestamp saved_next_check;
  uint32_t saved_passes = 0;
  uint64_t undelivered = 0; // passes while no trader was running
};

using gate_ptr = gate_actor::stateful_pointer<gate_state>;

/// How long the journal may take to hand back the schedule at start.
constexpr auto restore_timeout = std::chrono::minutes{2};

/// The gate after market data stamped `ts` arrived.
gate& logic_at(gate_ptr self, timestamp ts) {
  auto& st = self->state;
  auto now = st.time.on_data(ts);
  if (!st.logic) {
    st.logic.emplace(st.cfg, now, st.symbols);
    if (st.restored) {
      st.logic->restore(*std::exchange(st.restored, std::nullopt));
    } else {
      auto due = first_check_due(st.cfg, st.symbols, now, st.logic->next_check());
      publish_event(self, now, severity::info,
                    "first decision due at " + format_timestamp_seconds(due.at) + " (" + due.by
                      + "), earlier if the market moves past the z-score thresholds");
    }
  }
  return *st.logic;
}

/// Journals the schedule when a pass or a decision changed it (`force`:
/// the wake conditions changed).
void save(gate_ptr self, bool force = false) {
  auto& st = self->state;
  if (!st.journal || !st.logic)
    return;
  auto& g = *st.logic;
  if (!force && g.next_check() == st.saved_next_check && g.passes_today() == st.saved_passes)
    return;
  st.saved_next_check = g.next_check();
  st.saved_passes = g.passes_today();
  self->send(st.journal, atom::publish_v, g.schedule());
}

/// A restarted gate carries on with the schedule the journal kept.
void restore(gate_ptr self) {
  self->request(self->state.journal, restore_timeout, atom::schedule_v)
    .then(
      [self](std::vector<gate_schedule>& kept) {
        auto& st = self->state;
        if (kept.empty())
          return;
        if (st.logic) {
          st.logic->restore(kept.front());
          save(self, true);
        } else {
          st.restored = std::move(kept.front());
        }
        publish_event(self, kept.front().ts, severity::info,
                      "schedule restored from the journal: next check "
                        + format_timestamp(kept.front().next_check) + ", "
                        + std::to_string(kept.front().wake_conditions.size())
                        + " wake conditions, " + std::to_string(kept.front().passes_today)
                        + " passes that day");
      },
      [self](caf::error& err) {
        publish_event(self, self->state.time.now().value_or(timestamp{}), severity::warning,
                      "cannot restore the schedule from the journal ("
                        + error_text(err) + "); the timer starts at max_check");
      });
}

void forward(gate_ptr self, std::optional<gate_pass> pass) {
  if (!pass)
    return;
  auto& st = self->state;
  publish_event(self, pass->ts, severity::info,
                std::string{to_string(pass->reason)}
                  + (pass->symbol.empty() ? "" : " " + pass->symbol) + ": " + pass->detail);
  if (st.derivatives)
    self->send(st.derivatives, atom::pass_v, *pass);
  if (st.trader)
    self->send(st.trader, atom::pass_v, std::move(*pass));
  else
    ++st.undelivered;
}

status_report report(gate_ptr self) {
  auto r = counters_report(gate_state::name, {{"undelivered", self->state.undelivered}});
  if (!self->state.logic)
    return r;
  auto s = self->state.logic->stats();
  add_counters(r, {{"ticks", s.ticks},
                   {"passes", s.passes},
                   {"passes_today", s.passes_today},
                   {"suppressed.cap", s.suppressed_cap},
                   {"suppressed.cooldown", s.suppressed_cooldown},
                   {"suppressed.spacing", s.suppressed_spacing},
                   {"wake_armed", s.wake_armed},
                   {"wake_rejected", s.wake_rejected}});
  for (auto reason : all_pass_reasons) {
    auto i = static_cast<size_t>(reason);
    r.counters[std::string{"passes."} + to_string(reason)] = static_cast<int64_t>(s.by_reason[i]);
    // The gate's own layers: how often each ran (its pass rate's base).
    if (s.checked[i] > 0)
      r.counters[std::string{"checked."} + to_string(reason)] = static_cast<int64_t>(s.checked[i]);
  }
  r.facts["next_check"] = format_timestamp(s.next_check);
  return r;
}

gate_actor::behavior_type gate_behavior(gate_ptr self, gate_config cfg,
                                        std::vector<std::string> symbols) {
  self->state.cfg = std::move(cfg);
  self->state.symbols = std::move(symbols);
  return {
    [self](const tick_batch& batch) {
      for (auto& bar : batch.closed)
        forward(self, logic_at(self, bar.open_time + length_of(bar.span)).on_closed(bar));
      for (auto& t : batch.ticks)
        forward(self, logic_at(self, t.ts_event).on_tick(t));
      save(self);
    },
    [self](atom::time, timestamp beat) {
      auto now = self->state.time.on_beat(beat);
      if (now && self->state.logic) {
        forward(self, self->state.logic->on_time(*now));
        save(self);
      }
    },
    [self](atom::schedule, timestamp ts, int64_t next_check_seconds,
           std::vector<wake_condition>& wakes) {
      // Only a pass makes a decision, and only market data makes a pass;
      // a forced decision (the watchdog's) before any data has no market
      // time to schedule against: the first data starts the timer.
      if (!self->state.logic)
        return;
      auto& g = *self->state.logic;
      g.set_next_check(ts, next_check_seconds);
      auto given = wakes.size();
      auto armed = g.set_wake_conditions(std::move(wakes));
      if (armed < given)
        publish_event(self, ts, severity::warning,
                      std::to_string(given - armed) + " of " + std::to_string(given)
                        + " wake conditions refused (unknown symbol or threshold)");
      save(self, true);
    },
    [self](atom::schedule, timestamp ts, int64_t next_check_seconds) {
      logic_at(self, ts).set_next_check(ts, next_check_seconds);
      save(self);
    },
    [self](atom::derivs, const derivatives_snapshot& x) {
      // Before the first market data there is no market time to pass on;
      // the monitor's next round brings the rate again.
      auto& st = self->state;
      if (!st.logic || !x.funding_rate)
        return;
      forward(self, st.logic->on_funding(x.symbol, *x.funding_rate, x.next_funding,
                                         st.time.on_data(x.ts)));
      save(self);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "trader")
        st.trader = caf::actor_cast<trader_actor>(hdl);
      else if (name == "event_log")
        st.log = caf::actor_cast<event_log_actor>(hdl);
      else if (name == "derivatives_monitor")
        st.derivatives = caf::actor_cast<gate_pass_sink_actor>(hdl);
      else if (name == "journal") {
        // A restarted journal gets the saves; the schedule is read once.
        auto first = !st.journal;
        st.journal = caf::actor_cast<journal_actor>(hdl);
        if (first && st.journal)
          restore(self);
      }
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

gate_actor spawn_gate(caf::actor_system& sys, gate_config cfg, std::vector<std::string> symbols) {
  return sys.spawn(gate_behavior, std::move(cfg), std::move(symbols));
}

caf::expected<caf::actor> spawn_gate(service_context& ctx) {
  auto& cfg = ctx.cfg.section<gate_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, "gate: " + why);
  return caf::actor_cast<caf::actor>(spawn_gate(ctx.sys, cfg, ctx.cfg.market.symbols));
}

} // namespace tn
