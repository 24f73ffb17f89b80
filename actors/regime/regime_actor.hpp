#pragma once

// The regime detector service: holds a symbol's daily closes (REST warm-up
// and missing days, the stream's day-ending 1m bars), fits the two-state
// HMM in a background worker on a schedule in event time, and filters the
// regime at every daily close (regime_tracker.hpp). Answers atom::regime
// with a regime_status and publishes its fits and daily regimes under the
// topic "regime".

#include "actors/market_listener/klines_fetch.hpp"
#include "actors/regime/regime_config.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <functional>

namespace tn {

/// Fetches the closed bars of a request; `done` runs once, on any thread.
using daily_fetch = std::function<void(const bar_request&, std::function<void(klines_result)>)>;

/// A detector under `cfg` (validated) fetching through `fetch`, its retry
/// jitter drawn from `seed` with the market's backoff `retry`. Each fit
/// runs in a short-lived detached actor of its own; with
/// `fits_on_own_thread` false (a backtest) inline, its result the next
/// message.
regime_detector_actor spawn_regime_detector(caf::actor_system& sys, regime_config cfg,
                                            daily_fetch fetch, backoff_policy retry,
                                            uint64_t seed, bool fits_on_own_thread = true);

/// The service under the regime section, fetching through the node's REST
/// scheduler; ec::invalid_config if the section or rest_url is unusable.
caf::expected<caf::actor> spawn_regime_detector(service_context& ctx);

} // namespace tn
