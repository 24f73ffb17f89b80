#pragma once

// The agent's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "agent" into node_config::section<agent_config>(); a backend that needs
/// an API key finds it in the environment, and a key never travels in clear
/// text off this machine.
config_section agent_section();

} // namespace tn
