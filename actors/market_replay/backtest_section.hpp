#pragma once

// The backtest's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "backtest" into node_config::section<backtest_config>(): data files,
/// period, output directory, seed.
config_section backtest_section();

} // namespace tn
