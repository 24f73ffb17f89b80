#pragma once

// The timer service of an actor whose timers a backtest must see (DESIGN.md
// "Time"): instead of CAF's delayed_send, which waits on the wall clock, a
// message is armed for the actor itself at a deadline in event time and
// sent once the time in the clock service's messages reaches it. A backtest
// advances it with replay time like every other timer.
//
// Deviation from DESIGN.md ("only socket-level timeouts stay on wall
// time"): besides the socket timeouts in runtime/net (connect, TLS, read,
// exchange.rest_timeout, agent.timeout), two kinds of wall-time timer stay.
// The HTTP model backend's retry waits run on the I/O thread next to the
// connection they retry; a backtest has no connection and never reaches
// them. And CAF request timeouts on in-process questions (the trader's
// queries to the store, evaluator and supervisor, status requests from the
// console and the progress line) answer in microseconds unless the peer
// died mid-question, so they catch a dead peer and never time a decision.

#include "runtime/deadline_queue.hpp"

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/send.hpp>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace tn {

class event_timers {
public:
  /// Arms `xs` to be sent to the owner `delay` after the current event
  /// time. Before the first time message the delay counts from that message.
  template <class... Ts>
  void arm(timespan delay, Ts&&... xs) {
    auto msg = caf::make_message(std::forward<Ts>(xs)...);
    if (now_)
      queue_.arm(*now_ + delay, std::move(msg));
    else
      early_.emplace_back(delay, std::move(msg));
  }

  /// Time is `now`: sends `self` every message now due, in deadline order.
  template <class Self>
  void advance(Self* self, timestamp now) {
    now_ = std::max(now_.value_or(now), now);
    for (auto& [delay, msg] : early_)
      queue_.arm(*now_ + delay, std::move(msg));
    early_.clear();
    // A typed actor may not send() to a dynamically typed handle; the
    // message is its own, so no sender is needed.
    auto me = caf::actor_cast<caf::actor>(self);
    for (auto& msg : queue_.take_due(*now_))
      caf::anon_send(me, std::move(msg));
  }

  /// Timers armed and not yet sent.
  std::size_t pending() const {
    return queue_.size() + early_.size();
  }

private:
  std::optional<timestamp> now_;
  deadline_queue<caf::message> queue_;
  std::vector<std::pair<timespan, caf::message>> early_;
};

} // namespace tn
