#pragma once

// How a service actor tells the operator what happened: an event on the
// event log under the service's name, dropped while the actor knows no log.

#include "messages/actors.hpp"
#include "messages/events.hpp"

#include <string>
#include <type_traits>
#include <utility>

namespace tn {

/// Publishes `text` at `level` and event time `ts` under `topic` to the
/// event log of a stateful actor whose state holds the log's handle as `log`.
template <class Self>
void publish_event(Self self, std::string topic, timestamp ts, severity level, std::string text) {
  if (self->state.log)
    self->send(self->state.log, atom::publish_v,
               event{ts, std::move(topic), level, std::move(text)});
}

/// Publishes under the service's name, a static `name` of the actor's state.
template <class Self>
void publish_event(Self self, timestamp ts, severity level, std::string text) {
  publish_event(self, std::decay_t<decltype(self->state)>::name, ts, level, std::move(text));
}

} // namespace tn
