#pragma once

// The derivatives monitor's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "derivatives" into node_config::section<derivatives_config>().
config_section derivatives_section();

} // namespace tn
