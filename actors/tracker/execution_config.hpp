#pragma once

// How positions are protected while the node cannot watch them: the
// `execution` section of the config file. The stop levels themselves are
// trader.safety (messages/snapshot.hpp), the one source the tracker, the
// prompt and the trader's snapshot read.

#include "runtime/money/decimal.hpp"

#include <cstdint>
#include <string>

namespace tn {

/// Where the stop-loss and trailing stop live. `node`: the tracker watches
/// them on every tick and sells when one is reached. `exchange`: it does so
/// too, and every open position also rests a STOP_LOSS_LIMIT sell at the
/// exchange at the same level, so it stays protected while the node is down.
enum class protective_stop_mode : uint8_t { node = 0, exchange };

inline const char* to_string(protective_stop_mode x) {
  return x == protective_stop_mode::node ? "node" : "exchange";
}

struct execution_config {
  protective_stop_mode protective_stop = protective_stop_mode::node;
  /// The stop's limit lies this fraction below its trigger: room for the
  /// price to fall on while the triggered order fills.
  decimal stop_limit_offset = decimal::from_units(500'000); // 0.005
  /// A resting stop is moved up (canceled and placed anew) only when the
  /// trailing stop rose at least this fraction above it: fewer orders.
  decimal stop_min_step = decimal::from_units(500'000); // 0.005

  /// "" if the settings are usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
