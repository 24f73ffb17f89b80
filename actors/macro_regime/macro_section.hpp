#pragma once

// The macro regime's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "macro" into node_config::section<macro_config>(). With a key in
/// $auth_env, base_url must use https unless it is loopback.
config_section macro_section();

} // namespace tn
