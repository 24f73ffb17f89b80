#pragma once

// The MARKET STORE service: rolling candles per symbol and interval, fed by
// the market listener, warmed up from REST history at start.

#include "runtime/service.hpp"

#include <caf/expected.hpp>

#include <memory>

namespace tn {

/// Spawns the store; its peer is "event_log".
[[nodiscard]] caf::expected<caf::actor> spawn_market_store(service_context& ctx);

class history_source;

/// The store with its history from `history` (a backtest: the files).
[[nodiscard]] caf::expected<caf::actor> spawn_market_store(service_context& ctx,
                                                           std::shared_ptr<history_source> history);

} // namespace tn
