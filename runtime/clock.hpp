#pragma once

// The node's source of time. Chosen once at start: wall time for
// paper/testnet/live, replay time for backtest. Everything else gets time
// from the clock service's messages and never reads a clock itself.

#include "messages/fwd.hpp"

#include <atomic>
#include <cstdint>

namespace tn {

/// Reads the current time.
class clock {
public:
  virtual ~clock() = default;
  /// The current time.
  virtual timestamp now() const = 0;
};

/// The system's real time. The only code in the node that reads it.
class wall_clock final : public clock {
public:
  timestamp now() const override;
};

/// Time that moves only when told to, and never backwards. Thread-safe: the
/// replay driver advances it while the clock service reads it.
class replay_clock final : public clock {
public:
  explicit replay_clock(timestamp start = timestamp{});

  timestamp now() const override;

  /// Moves time to `t`; false (and no change) if `t` is before now().
  bool advance_to(timestamp t);

private:
  std::atomic<int64_t> ns_;
};

} // namespace tn
