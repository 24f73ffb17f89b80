#pragma once

// Which Binance market the node trades: spot or USDⓈ-M futures.

#include <cstdint>

namespace tn {

enum class market_kind : uint8_t { spot = 0, futures };

/// The config's name: "spot" or "futures".
inline const char* to_string(market_kind x) {
  return x == market_kind::spot ? "spot" : "futures";
}

} // namespace tn
