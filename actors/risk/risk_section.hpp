#pragma once

// Risk's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "risk" into node_config::section<risk_config>(); the whitelist defaults
/// to market.symbols and may only narrow it.
config_section risk_section();

} // namespace tn
