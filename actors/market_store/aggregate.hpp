#pragma once

// Builds a bar of a longer interval from the 1m bars it spans.

#include "messages/market.hpp"

#include <optional>
#include <vector>

namespace tn {

/// The open time of the `span` bar containing `t`. Binance aligns every
/// interval up to 1d to the Unix epoch (UTC).
timestamp bar_start(timestamp t, interval span);

/// True if the 1m bar opening at `open_time` is the last 1m bar of its
/// `span` bar.
bool closes_bar(timestamp open_time, interval span);

/// The `span` bar opening at `open_time` from its 1m bars, or nothing if any
/// 1m bar is missing: an incomplete bar would be wrong, not approximate.
std::optional<candle> aggregate(const std::vector<candle>& minutes, interval span,
                                timestamp open_time);

} // namespace tn
