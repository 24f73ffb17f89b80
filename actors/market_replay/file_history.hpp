#pragma once

// A backtest's history: the market store's warm-up and refills, and the
// regime detector's daily closes, answered from the replayed files with the
// bars closed by the time they are asked for (the replay clock's time), so
// the history never shows a bar after the replay's present.

#include "actors/market_replay/replay_data.hpp"
#include "actors/market_store/history_source.hpp"
#include "actors/regime/regime_actor.hpp"

#include <memory>

namespace tn {

class clock;

/// The market store's history source over `data`, as of `now`'s time.
std::shared_ptr<history_source> make_file_history(std::shared_ptr<const replay_data> data,
                                                  std::shared_ptr<const clock> now);

/// The regime detector's fetch over `data`, as of `now`'s time.
daily_fetch make_file_daily_fetch(std::shared_ptr<const replay_data> data,
                                  std::shared_ptr<const clock> now);

} // namespace tn
