#include "actors/tracker/position_tracker_actor.hpp"

#include "actors/broker/paper_config.hpp"
#include "actors/tracker/tracker.hpp"
#include "actors/trader/trader_config.hpp"
#include "messages/events.hpp"
#include "messages/lot_rule.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "messages/error.hpp"
#include "runtime/error_text.hpp"
#include "runtime/market_clock.hpp"
#include "runtime/service.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tn {

namespace {

struct tracker_state {
  static inline const char* name = "position_tracker";
  std::optional<tracker> logic;
  // Market time, carried on by the clock's beats while the market is silent.
  market_clock time;
  broker_actor broker;
  trader_actor trader;
  journal_actor journal;
  event_log_actor log;
  // Who hears of every closed position, by service name.
  std::vector<std::pair<std::string, position_exit_sink_actor>> exit_sinks;
  uint64_t dropped_orders = 0;  // exit orders while no broker ran
  uint64_t dropped_cancels = 0; // cancels of protective stops while no broker ran
  uint64_t unsent_passes = 0;   // re-evaluations while no trader ran
  uint64_t unjournaled = 0;     // positions and exits the journal did not keep
  // The journal's positions are restored (or could not be): the exchange's
  // holdings are compared with them only then.
  bool restored = false;
  std::vector<std::pair<exchange_holdings, caf::typed_response_promise<uint32_t>>> unreconciled;
};

using tracker_ptr = position_tracker_actor::stateful_pointer<tracker_state>;

/// Names whose handles get every position_exit.
constexpr const char* exit_sink_names[] = {"risk", "learner"};

/// How long the journal may take to keep a write or hand back the positions.
constexpr auto journal_timeout = std::chrono::minutes{2};

/// Event time of a message that carries no market time of its own.
timestamp now_or(tracker_ptr self, timestamp fallback) {
  return self->state.time.now().value_or(fallback);
}

/// Journals a position's row or its exit; a loss is counted and said, the
/// position itself is unaffected.
template <class T>
void journal(tracker_ptr self, T x, timestamp ts, std::string what) {
  auto& st = self->state;
  if (!st.journal) {
    ++st.unjournaled;
    return;
  }
  self->request(st.journal, journal_timeout, atom::publish_v, std::move(x))
    .then([](uint64_t) {},
          [self, ts, what](caf::error& err) {
            ++self->state.unjournaled;
            publish_event(self, ts, severity::warning,
                          what + " not journaled: " + error_text(err));
          });
}

/// An exit order or protective stop that cannot leave: without a broker it
/// was provably never sent, so the position is open (or unprotected) again
/// at once.
void drop(tracker_ptr self, const order_request& o) {
  ++self->state.dropped_orders;
  order_update u;
  u.client_id = o.client_id;
  u.symbol = o.symbol;
  u.state = order_state::dropped;
  u.reason = "no broker is running";
  u.ts = o.ts;
  self->state.logic->on_order_update(u, now_or(self, o.ts));
}

/// Sends what the logic produced: orders first, they are the hot path.
void flush(tracker_ptr self) {
  auto& st = self->state;
  auto& out = st.logic->output();
  // Cancels of protective stops first: an exit waits for its stop's cancel,
  // but a replacement must not overtake it either. Without a broker a
  // cancel cannot leave; the tracker gives up on it after a cadence.
  for (auto& id : out.cancels) {
    if (st.broker)
      self->send(st.broker, atom::cancel_v, std::move(id));
    else
      ++st.dropped_cancels;
  }
  // Index, not iterator: a dropped order may add a waiting one.
  for (std::size_t i = 0; i < out.orders.size(); ++i) {
    if (st.broker)
      self->send(st.broker, atom::order_v, std::move(out.orders[i]));
    else
      drop(self, out.orders[i]);
  }
  for (auto& x : out.exits) {
    for (auto& [name, sink] : st.exit_sinks)
      if (sink)
        self->send(sink, x);
    auto what = "the exit of " + x.position_id;
    auto ts = x.closed;
    journal(self, std::move(x), ts, std::move(what));
  }
  for (auto& p : out.saved) {
    auto what = "position " + p.position_id;
    auto ts = now_or(self, p.opened);
    journal(self, std::move(p), ts, std::move(what));
  }
  for (auto& p : out.passes) {
    if (st.trader)
      self->send(st.trader, atom::pass_v, std::move(p));
    else
      ++st.unsent_passes;
  }
  // The event log journals what it is sent: sending to both stored each
  // tracker event twice.
  for (auto& e : out.events)
    if (st.log)
      self->send(st.log, atom::publish_v, std::move(e));
  out.clear();
}

void adopt_exit_sink(tracker_ptr self, const std::string& name, const caf::strong_actor_ptr& hdl) {
  auto& sinks = self->state.exit_sinks;
  auto hdl_of = caf::actor_cast<position_exit_sink_actor>(hdl);
  for (auto& [known, sink] : sinks)
    if (known == name) {
      sink = std::move(hdl_of);
      return;
    }
  sinks.emplace_back(name, std::move(hdl_of));
}

/// Corrects the positions to the exchange's holdings, journals every
/// changed row, then answers how many changed.
void reconcile(tracker_ptr self, const exchange_holdings& h,
               caf::typed_response_promise<uint32_t> rp) {
  auto& st = self->state;
  auto changed = st.logic->reconcile(h, now_or(self, h.ts));
  auto rows = std::exchange(st.logic->output().saved, {});
  flush(self);
  if (rows.empty() || !st.journal) {
    st.unjournaled += rows.size();
    rp.deliver(changed);
    return;
  }
  auto left = std::make_shared<size_t>(rows.size());
  for (auto& p : rows) {
    auto done = [rp, left, changed]() mutable {
      if (--*left == 0)
        rp.deliver(changed);
    };
    self->request(st.journal, journal_timeout, atom::publish_v, p)
      .then([done](uint64_t) mutable { done(); },
            [self, done, id = p.position_id](caf::error& err) mutable {
              ++self->state.unjournaled;
              publish_event(self, now_or(self, timestamp{}), severity::error,
                            "the correction of position " + id
                              + " not journaled: " + error_text(err));
              done();
            });
  }
}

void restored(tracker_ptr self) {
  auto& st = self->state;
  st.restored = true;
  for (auto& [h, rp] : std::exchange(st.unreconciled, {}))
    reconcile(self, h, rp);
}

/// A restarted node carries on with the positions the journal kept and
/// their exit orders in flight.
void restore(tracker_ptr self) {
  self->request(self->state.journal, journal_timeout, atom::restore_v)
    .then(
      [self](execution_journal& kept) {
        std::vector<order_request> in_flight;
        auto newest = timestamp{};
        for (auto& p : kept.positions)
          newest = std::max(newest, p.opened);
        for (auto& o : kept.open_orders) {
          newest = std::max(newest, o.request.ts);
          in_flight.push_back(std::move(o.request));
        }
        self->state.logic->restore(std::move(kept.positions), in_flight,
                                   now_or(self, newest));
        flush(self);
        restored(self);
      },
      [self](caf::error& err) {
        publish_event(self, now_or(self, timestamp{}), severity::error,
                      "cannot restore positions from the journal (" + error_text(err)
                        + "): positions opened before the restart are not tracked");
        restored(self);
      });
}

status_report report(tracker_ptr self) {
  auto& st = self->state;
  auto s = st.logic->stats();
  auto open = st.logic->positions();
  auto r = counters_report(tracker_state::name, {{"ticks", s.ticks},
                                                 {"fills", s.fills},
                                                 {"duplicate_fills", s.duplicate_fills},
                                                 {"opened", s.opened},
                                                 {"closed", s.closed},
                                                 {"open", open.size()},
                                                 {"exits_sent", s.exits_sent},
                                                 {"exits_failed", s.exits_failed},
                                                 {"superseded", s.superseded},
                                                 {"reevaluations", s.reevaluations},
                                                 {"dropped_orders", st.dropped_orders},
                                                 {"unsent_passes", st.unsent_passes},
                                                 {"unjournaled", st.unjournaled},
                                                 {"restored", s.restored},
                                                 {"stops_placed", s.stops_placed},
                                                 {"stop_cancels", s.stop_cancels},
                                                 {"stops_failed", s.stops_failed},
                                                 {"reconciled", s.reconciled},
                                                 {"dropped_cancels", st.dropped_cancels}});
  for (auto& p : open)
    r.facts["position." + p.symbol] = to_string(p.quantity) + " @ " + to_string(p.entry_price)
                                      + (p.trailing_armed ? ", trailing armed" : "");
  return r;
}

position_tracker_actor::behavior_type tracker_behavior(tracker_ptr self, tracker_config cfg,
                                                       safety_thresholds safety) {
  self->state.logic.emplace(std::move(cfg), safety);
  return {
    [self](const tick_batch& batch) {
      auto& st = self->state;
      for (auto& bar : batch.closed)
        st.logic->on_closed(bar, st.time.on_data(bar.open_time + length_of(bar.span)));
      for (auto& t : batch.ticks)
        st.logic->on_tick(t, st.time.on_data(t.ts_event));
      if (auto now = st.time.now())
        st.logic->on_time(*now);
      flush(self);
    },
    [self](const fill& f) {
      self->state.logic->on_fill(f, now_or(self, f.ts));
      flush(self);
    },
    [self](const order_update& u) {
      self->state.logic->on_order_update(u, now_or(self, u.ts));
      flush(self);
    },
    [self](atom::exit, const exit_request& r) {
      self->state.logic->on_exit_request(r, now_or(self, r.ts));
      flush(self);
    },
    [self](atom::time, timestamp beat) {
      if (auto now = self->state.time.on_beat(beat)) {
        self->state.logic->on_time(*now);
        flush(self);
      }
    },
    [self](atom::positions) { return self->state.logic->positions(); },
    [self](atom::reconcile, const exchange_holdings& h) -> caf::result<uint32_t> {
      auto& st = self->state;
      auto rp = self->make_response_promise<uint32_t>();
      if (st.restored)
        reconcile(self, h, rp);
      else
        st.unreconciled.emplace_back(h, rp);
      return rp;
    },
    [self](atom::rules, const std::vector<lot_rule>& rules) {
      auto& st = self->state;
      st.logic->set_lot_rules(rules, st.time.now().value_or(timestamp{}));
      flush(self);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "broker")
        st.broker = caf::actor_cast<broker_actor>(hdl);
      else if (name == "trader")
        st.trader = caf::actor_cast<trader_actor>(hdl);
      else if (name == "journal") {
        // A restarted journal gets the writes; the positions are read once.
        auto first = !st.journal;
        st.journal = caf::actor_cast<journal_actor>(hdl);
        if (first && st.journal)
          restore(self);
      }
      else if (name == "event_log")
        st.log = caf::actor_cast<event_log_actor>(hdl);
      for (auto* sink : exit_sink_names)
        if (name == sink)
          adopt_exit_sink(self, name, hdl);
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

position_tracker_actor spawn_position_tracker(caf::actor_system& sys, tracker_config cfg,
                                              safety_thresholds safety) {
  return sys.spawn(tracker_behavior, std::move(cfg), safety);
}

caf::expected<caf::actor> spawn_position_tracker(service_context& ctx) {
  auto cfg = ctx.cfg.section<tracker_config>();
  cfg.quote_asset = ctx.cfg.section<paper_config>().quote_asset;
  cfg.execution = ctx.cfg.section<execution_config>();
  auto& safety = ctx.cfg.section<trader_config>().safety;
  for (auto why : {cfg.validate(), validate(safety)})
    if (!why.empty())
      return caf::make_error(ec::invalid_config, why);
  return caf::actor_cast<caf::actor>(spawn_position_tracker(ctx.sys, std::move(cfg), safety));
}

} // namespace tn
