#pragma once

// The evaluator's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "evaluator" into node_config::section<evaluator_config>().
config_section evaluator_section();

} // namespace tn
