#pragma once

// When the derivatives monitor asks the exchange about each symbol, in
// event time. A symbol is polled in rounds (its questions sent together);
// the next round is due one interval after a round ends: the hot interval
// while the gate is hot for the symbol (a z-score or wake-condition pass
// named it within hot_for), else the quiet interval. A symbol that turns
// hot is due at once if its last round began a hot interval ago or more. A
// round with a failed question is retried with exponential backoff,
// never before a Retry-After the exchange asked for. Pure: time is a
// parameter.

#include "actors/derivatives/derivatives_config.hpp"
#include "messages/gate.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

class poll_plan {
public:
  poll_plan(const derivatives_config& cfg, const std::vector<std::string>& symbols);

  /// A gate pass at its event time: a z-score or wake-condition pass makes
  /// its symbol hot.
  void on_pass(const gate_pass& pass);

  /// Whether the gate is hot for `symbol` at `now`.
  bool hot(const std::string& symbol, timestamp now) const;

  /// The poll interval of `symbol` at `now`.
  timespan interval(const std::string& symbol, timestamp now) const;

  /// Symbols whose next round is due at `now` and none is in flight, in
  /// symbol order. The caller begins a round for each.
  std::vector<std::string> due(timestamp now) const;

  /// A round of `questions` questions for `symbol` begins at `now`.
  void begin(const std::string& symbol, timestamp now, uint32_t questions);

  /// One question of the symbol's round ended at `now`: answered (`ok`) or
  /// failed, with the wait the exchange asked for. Returns true when that
  /// ended the round, whose next round is then scheduled.
  bool ended(const std::string& symbol, timestamp now, bool ok, timespan retry_after);

  /// When the symbol's next round is due (before the first: nothing yet).
  std::optional<timestamp> next_due(const std::string& symbol) const;

  /// Failed rounds in a row.
  uint32_t failures(const std::string& symbol) const;

  /// Whether a round is in flight.
  bool in_flight(const std::string& symbol) const;

private:
  struct entry {
    std::optional<timestamp> next;  // none: due at the first time seen
    std::optional<timestamp> began; // start of the last round
    timestamp hot_until;
    uint32_t pending = 0;
    bool round_failed = false;
    timespan round_wait{};
    uint32_t failures = 0;
  };

  timespan backoff(uint32_t failures) const;

  derivatives_config cfg_;
  std::map<std::string, entry> symbols_;
};

} // namespace tn
