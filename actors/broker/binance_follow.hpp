#pragma once

// What the binance broker knows of each order it follows until a final
// state: the fills journaled (deduplicated by trade id), when to poll it
// next (backoff in event time), and when a maker entry falls back to a
// market order. Pure: no CAF, no clock.

#include "actors/broker/binance_config.hpp"
#include "messages/order.hpp"

#include <set>
#include <string>
#include <vector>

namespace tn {

struct followed_order {
  order_request request;
  order_update last;             // as last journaled
  std::set<uint64_t> trade_ids;  // fills journaled
  decimal filled;                // their quantity
  std::string trades_order_id;   // the exchange order whose trades are its fills
  bool algo = false;
  bool unresolved = false;       // sent, outcome unknown: found by its client id first
  bool busy = false;             // a call about it is in flight
  bool fallback_started = false;
  timestamp resting_since;       // event time it was first seen resting
  timestamp next_poll;
  timespan backoff{};
};

/// The fills of `fills` not seen before, now counted as seen.
std::vector<fill> new_fills(followed_order& o, std::vector<fill> fills);

/// True if `reported` says more than the journal has: another state or a
/// larger filled quantity.
bool is_news(const followed_order& o, const order_update& reported);

/// True if the exchange reports more filled than the fills read so far.
bool fills_missing(const followed_order& o, const order_update& reported);

/// An algo order that triggered (FINISHED) is done once the order it
/// placed filled: its quantity, or any quantity for a close-position stop.
bool triggered_order_done(const followed_order& o);

/// Sets the next poll: `initial` after a change, else the backoff doubled
/// up to `max`.
void schedule_poll(followed_order& o, timestamp now, const binance_config& cfg, bool changed);

/// True if it is time to ask the exchange about it again.
bool poll_due(const followed_order& o, timestamp now);

/// True if a maker entry has rested for `cfg.maker_fallback` and its
/// remainder should be canceled and sent as a market order.
bool fallback_due(const followed_order& o, timestamp now, const binance_config& cfg);

/// What a maker entry leaves to the market after `filled`.
decimal remaining(const followed_order& o);

} // namespace tn
