#pragma once

// The learner's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "learner" into node_config::section<learner_config>().
config_section learner_section();

} // namespace tn
