#pragma once

// The regime detector's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "regime" into node_config::section<regime_config>().
config_section regime_section();

} // namespace tn
