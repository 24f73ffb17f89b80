#pragma once

// The combined kline stream URL for a set of symbols.

#include "runtime/config/config.hpp"

#include <string>
#include <vector>

namespace tn {

/// ws_url + "/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m" on spot;
/// futures route kline streams under "/market".
std::string kline_stream_url(const exchange_section& cfg, const std::vector<std::string>& symbols);

} // namespace tn
