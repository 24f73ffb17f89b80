#pragma once

// A backtest's service table: the node's own, with the market listener's
// place taken by the market replay, and the services that read history over
// REST (the market store's warm-up, the regime detector's daily closes)
// reading it from the replayed files instead.

#include "actors/market_replay/replay_data.hpp"
#include "runtime/service_table.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tn {

class clock;

/// The name of the replay service in the table.
inline constexpr const char* market_replay_name = "market_replay";

/// The replay's entry in the node's table: it carries the `backtest`
/// section, read in every mode, and runs only in the table backtest_table()
/// makes, where it takes the market listener's place.
node_service market_replay_service();

/// `table` (the node's) for a backtest replaying `total` bars of `data`,
/// history answered as of `now`'s time; risk reads the exchange's rules from
/// `exchange_info` (an exchangeInfo body) when it is not empty.
std::vector<node_service> backtest_table(std::vector<node_service> table,
                                         std::shared_ptr<const replay_data> data,
                                         std::shared_ptr<const clock> now, uint64_t total,
                                         std::shared_ptr<const std::string> exchange_info);

} // namespace tn
