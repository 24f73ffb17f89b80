#pragma once

// The derivatives monitor's actor shell: polls the exchange per symbol in
// rounds the poll plan schedules in event time (market time, carried on by
// the clock's beats), keeps the answers in the per-symbol book, counts the
// CVD from the closed 1m bars the market listener sends, publishes each
// symbol's snapshot under the "derivatives" topic after every round and
// answers (derivs) with all of them.

#include "actors/derivatives/derivatives_config.hpp"
#include "actors/derivatives/derivatives_source.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <caf/expected.hpp>
#include <caf/fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn {

/// The monitor for futures `symbols` of `cfg` (which passed validate());
/// `prefix` is the REST URL's path ("" for a bare origin).
derivatives_monitor_actor spawn_derivatives_monitor(caf::actor_system& sys, derivatives_config cfg,
                                                    std::vector<std::string> symbols,
                                                    std::string prefix,
                                                    std::shared_ptr<derivatives_source> source);

/// The service factory: futures market data and the network thread needed.
/// Why `ctx` cannot run a derivatives monitor (its section is invalid, or
/// the market is spot), or no error: live and backtest monitors alike.
caf::error derivatives_monitor_refusal(const service_context& ctx);

caf::expected<caf::actor> spawn_derivatives_monitor(service_context& ctx);

} // namespace tn
