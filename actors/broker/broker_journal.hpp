#pragma once

// What every broker does with an order's progress: journal it (synced),
// then tell the sinks (position_tracker and risk). Shared by the paper and
// the binance broker. A broker's state holds `journal`, `log`, `tracker`,
// `risk`, `journal_errors`, `now` and a static `name`.

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/order.hpp"
#include "runtime/adopt_peer.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include <chrono>
#include <string>

namespace tn {

/// How long the journal may take to commit and sync one write.
constexpr auto broker_journal_timeout = std::chrono::minutes{1};

template <class Self, class T>
void to_sinks(Self self, const T& x) {
  for (auto* sink : {&self->state.tracker, &self->state.risk})
    if (*sink)
      self->send(*sink, x);
}

/// A write the journal lost is an error event; the broker runs on.
template <class Self>
void journal_failed(Self self, const std::string& what, const caf::error& err) {
  ++self->state.journal_errors;
  publish_event(self, self->state.now, severity::error,
                what + " not journaled: " + error_text(err));
}

/// Whom `record` tells once the journal answered.
enum class sinks_told {
  always,     // the exchange's record is what happened, journaled or not
  when_new,   // not when the journal had it before (it was told then)
};

/// Journals `x` (synced), then tells the sinks as `told` says; they are
/// told even when the journal lost it, since the exchange's record is what
/// happened.
template <class Self, class T>
void record(Self self, T x, std::string what, sinks_told told = sinks_told::always) {
  auto& st = self->state;
  if (!st.journal) {
    journal_failed(self, what, caf::make_error(caf::sec::invalid_argument, "no journal"));
    to_sinks(self, x);
    return;
  }
  self->request(st.journal, broker_journal_timeout, atom::publish_v, x)
    .then(
      [self, x, told](uint64_t added) {
        if (added > 0 || told == sinks_told::always)
          to_sinks(self, x);
      },
      [self, x, what](caf::error& err) {
        journal_failed(self, what, err);
        to_sinks(self, x);
      });
}

/// Says in words what happened to an order that ended without a fill.
template <class Self>
void tell_order_end(Self self, const order_update& u) {
  auto level = u.state == order_state::canceled ? severity::info : severity::warning;
  if (u.state == order_state::rejected)
    ++self->state.rejected;
  if (u.state == order_state::rejected || u.state == order_state::dropped
      || u.state == order_state::expired || u.state == order_state::canceled)
    publish_event(self, u.ts, level,
                  "order " + u.client_id + " " + u.symbol + " " + to_string(u.state)
                    + (u.reason.empty() ? "" : ": " + u.reason));
}

/// Refuses an order that was never journaled: only the sinks hear of it.
template <class Self>
void refuse_order(Self self, const order_request& x, std::string why) {
  order_update u;
  u.client_id = x.client_id;
  u.symbol = x.symbol;
  u.state = order_state::rejected;
  u.reason = std::move(why);
  u.ts = std::max(self->state.now, x.ts);
  tell_order_end(self, u);
  to_sinks(self, u);
}

/// Write-ahead: `send` runs only once the journal committed the intent of
/// `x`, and never when it was journaled before (it may be resting or done:
/// placing it again could fill it twice). An intent the journal cannot
/// commit leaves the order rejected, never sent.
template <class Self, class F>
void write_ahead(Self self, const order_request& x, F send) {
  auto& st = self->state;
  if (!st.journal)
    return refuse_order(self, x, "no journal to record the order's intent");
  self->request(st.journal, broker_journal_timeout, atom::order_v, x)
    .then(
      [self, x, send](uint64_t added) {
        if (added == 0) {
          publish_event(self, self->state.now, severity::warning,
                        "order " + x.client_id + " was journaled before; not placed again");
          return;
        }
        send(x);
      },
      [self, x](caf::error& err) {
        ++self->state.journal_errors;
        refuse_order(self, x,
                     "the journal could not record the order's intent: " + error_text(err));
      });
}

/// Asks the journal once for what the broker restores from, unless it has
/// or is asking; `restored` gets it. A failure is an event and the next
/// call asks again.
template <class Self, class F>
void restore_from_journal(Self self, F restored) {
  auto& st = self->state;
  if (st.restored || st.restoring || !st.journal)
    return;
  st.restoring = true;
  self->request(st.journal, broker_journal_timeout, atom::restore_v)
    .then(
      [self, restored](execution_journal& j) {
        self->state.restoring = false;
        self->state.restored = true;
        restored(j);
      },
      [self](caf::error& err) {
        self->state.restoring = false;
        publish_event(self, self->state.now, severity::error,
                      "cannot restore from the journal (" + error_text(err)
                        + "); orders are refused until it can, tried again with the clock");
      });
}

/// Takes an announced peer's handle (journal, event log, tracker, risk);
/// true if it was the journal, which the broker restores from.
template <class Self>
bool adopt_broker_peer(Self self, const std::string& name, const caf::strong_actor_ptr& hdl) {
  auto& st = self->state;
  if (adopt_peer(name, "journal", hdl, st.journal))
    return true;
  static_cast<void>(adopt_peer(name, "event_log", hdl, st.log)
                    || adopt_peer(name, "position_tracker", hdl, st.tracker)
                    || adopt_peer(name, "risk", hdl, st.risk));
  return false;
}

} // namespace tn
