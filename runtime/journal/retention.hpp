#pragma once

// How long the journal keeps what it can afford to lose. Decisions (and
// orders and fills, later) are kept for good.

#include "messages/fwd.hpp"

namespace tn {

struct journal_retention {
  /// Events older than this (in event time, behind the newest event) are
  /// deleted; zero keeps them for good.
  timespan events = std::chrono::hours{24 * 7};
  /// Candles that opened this long before the newest candle are deleted;
  /// zero keeps them for good.
  timespan candles = std::chrono::hours{24 * 30};
  /// How much newer the data must be before the next pruning pass.
  timespan every = std::chrono::hours{1};
};

} // namespace tn
