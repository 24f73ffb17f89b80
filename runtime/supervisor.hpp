#pragma once

// The supervisor: starts the services in order, restarts a failed one with
// exponential backoff, hands every new handle to the services that depend
// on it, gives up when one fails too often, and stops everything in reverse
// start order.

#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <vector>

namespace tn {

/// Starts `services` in order and supervises them under cfg.supervisor.
/// `start` is the event time until the clock's first message; a peer named
/// "supervisor" is the supervisor itself. The supervisor quits normally
/// after atom::stop (or an exit message), and with ec::restart_limit when
/// it gave up, or with a service's start error. `external` reaches the
/// services' factories (service_context::external) in a backtest.
supervisor_actor spawn_supervisor(caf::actor_system& sys, const node_config& cfg,
                                  net::io_thread* io, std::vector<service_spec> services,
                                  timestamp start,
                                  std::shared_ptr<external_calls> external = nullptr);

} // namespace tn
