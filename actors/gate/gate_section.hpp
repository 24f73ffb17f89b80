#pragma once

// The gate's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "gate" into node_config::section<gate_config>(); symbol overrides must
/// name a symbol of market.symbols.
config_section gate_section();

} // namespace tn
