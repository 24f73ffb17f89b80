#pragma once

// The trader's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "trader" into node_config::section<trader_config>().
config_section trader_section();

} // namespace tn
