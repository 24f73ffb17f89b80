#pragma once

// The binance broker's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "binance" into node_config::section<binance_config>(): signing window,
/// maker fallback, order polling, futures leverage and margin type.
config_section binance_section();

} // namespace tn
