#pragma once

// The progress service: once per interval of clock time, asks its peers
// "market_listener" and "market_store" for their status and prints one
// line for the operator.

#include "messages/actors.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/service.hpp"

namespace tn {

/// A time listener speaking the SERVICE protocol.
using progress_actor = typed_actor_fwd<>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// A progress service printing to `sink` every `interval` (positive).
progress_actor spawn_progress(caf::actor_system& sys, timespan interval, line_sink sink);

/// The progress service: stdout, every node.progress_interval (positive).
caf::expected<caf::actor> spawn_progress(service_context& ctx);

} // namespace tn
