#pragma once

// The paper broker's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "paper" into node_config::section<paper_config>(): the simulated
/// account's start, its fees and slippage. Amounts are exact decimals.
config_section paper_section();

} // namespace tn
