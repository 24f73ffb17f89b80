#pragma once

// The `execution` section of the config file, which the position tracker
// reads besides its own.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "execution" into node_config::section<execution_config>().
config_section execution_section();

} // namespace tn
