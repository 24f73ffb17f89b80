#pragma once

// How a service actor tells the operator what happened: an event on the
// event log under the service's name, dropped while the actor knows no log.

#include "messages/actors.hpp"
#include "messages/events.hpp"

#include <string>
#include <type_traits>
#include <utility>

namespace tn {

/// Publishes `text` at `level` and event time `ts` to the event log of a
/// stateful actor whose state holds the log's handle as `log` and the
/// service's name as a static `name` (the topic).
template <class Self>
void publish_event(Self self, timestamp ts, severity level, std::string text) {
  auto& st = self->state;
  if (st.log)
    self->send(st.log, atom::publish_v,
               event{ts, std::decay_t<decltype(st)>::name, level, std::move(text)});
}

} // namespace tn
