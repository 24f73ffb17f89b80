#pragma once

// A market data sink that records what reaches it.

#include "messages/actors.hpp"
#include "messages/market.hpp"

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <memory>
#include <vector>

namespace tn::test {

using received_batches = std::shared_ptr<std::vector<tick_batch>>;

inline market_data_sink_actor::behavior_type record_batches(market_data_sink_actor::pointer,
                                                            received_batches out) {
  return {[out](const tick_batch& b) { out->push_back(b); }};
}

} // namespace tn::test
