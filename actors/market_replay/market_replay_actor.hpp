#pragma once

// The MARKET REPLAY service: in a backtest it takes the market listener's
// place as the source of market data. The replay driver hands it one
// minute's closed bars at a time; it forwards each batch to the same sinks
// the listener feeds (its peers other than the event log) and reports how
// far the replay has come.

#include "messages/actors.hpp"

#include <caf/typed_actor.hpp>

namespace tn {

/// The replay service; `total` is the number of bars the run will replay
/// (for its progress report).
market_replay_actor spawn_market_replay(caf::actor_system& sys, uint64_t total);

} // namespace tn
