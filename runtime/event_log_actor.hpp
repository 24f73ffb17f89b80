#pragma once

// The event log service: keeps the last events per topic, shows each one
// to the operator as it arrives, and forwards it to its peer "journal".

#include "messages/actors.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/service.hpp"

#include <cstdint>

namespace tn {

/// An event log keeping `per_topic` events per topic, writing each event's
/// line to `sink`; with `quiet_info`, only warnings' and errors' lines, and
/// at the end one line summing up the info lines held back (line_filter).
event_log_actor spawn_event_log(caf::actor_system& sys, uint32_t per_topic, line_sink sink,
                                bool quiet_info = false);

/// The event log service: event_log.per_topic events per topic, lines on
/// stderr; in a backtest, warnings and errors and the summary of the rest.
caf::expected<caf::actor> spawn_event_log(service_context& ctx);

} // namespace tn
