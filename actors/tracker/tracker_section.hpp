#pragma once

// The position tracker's section of the config file.

#include "runtime/config/config_section.hpp"

namespace tn {

/// "tracker" into node_config::section<tracker_config>(): the safety
/// cadence and the re-evaluation interval. The thresholds themselves are
/// trader.safety, which the prompt states.
config_section tracker_section();

} // namespace tn
