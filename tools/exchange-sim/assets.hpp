#pragma once

// What a symbol's name says about its assets.

#include <string>
#include <string_view>
#include <utility>

namespace tn::sim {

/// Splits "BTCUSDT" into {"BTC", "USDT"} by the known quote assets; a symbol
/// with no known quote suffix is split after its first three characters.
std::pair<std::string, std::string> split_symbol(std::string_view symbol);

/// A rough USD value for an asset, for plausible synthetic prices and
/// volumes; 0 if the asset is unknown.
double usd_value(std::string_view asset);

} // namespace tn::sim
