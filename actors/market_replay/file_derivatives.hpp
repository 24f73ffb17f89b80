#pragma once

// A futures backtest's derivatives data: the derivatives monitor, the live
// one, asks its questions as it would ask the exchange, and they are
// answered from the funding, open interest and long/short ratio files
// (backtest.funding, backtest.open_interest, backtest.long_short_ratio) with
// the values at or before the replay clock's time, so the monitor never
// sees a funding rate, an open interest or a ratio point after the
// replay's present. Questions the files cannot answer (a kind without a
// file for the symbol) are not asked.

#include "actors/derivatives/derivatives_source.hpp"
#include "actors/derivatives/derivs_history.hpp"
#include "actors/market_replay/replay_data.hpp"
#include "runtime/service_table.hpp"

#include <memory>
#include <vector>

namespace tn {

class clock;

/// The monitor's source over `files`, as of `now`'s time; the mark price is
/// the last close of `data`'s 1m bars closed by then.
std::shared_ptr<derivatives_source> make_file_derivatives(std::shared_ptr<const derivs_history> files,
                                                          std::shared_ptr<const replay_data> data,
                                                          std::shared_ptr<const clock> now);

/// Loads the backtest's `funding`, `open_interest` and `long_short` (ratio)
/// files into `out`:
/// each names a symbol of the replayed `symbols`, and only a futures
/// backtest (`futures`) takes them. Files that begin after `from` or end
/// over a day before `to` are said in `warnings`. False with `error` set.
bool load_backtest_derivs(const std::vector<std::string>& funding,
                          const std::vector<std::string>& open_interest,
                          const std::vector<std::string>& long_short,
                          const std::vector<std::string>& symbols, bool futures, timestamp from,
                          timestamp to, derivs_history& out, std::vector<std::string>& warnings,
                          std::string& error);

/// `table` with the derivatives monitor running on `files` when `files`
/// holds any (a futures backtest with funding, open interest or long/short
/// ratio files); the
/// table unchanged otherwise.
std::vector<node_service> with_file_derivatives(std::vector<node_service> table,
                                                std::shared_ptr<const derivs_history> files,
                                                std::shared_ptr<const replay_data> data,
                                                std::shared_ptr<const clock> now);

} // namespace tn
