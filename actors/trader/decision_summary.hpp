#pragma once

// The trader's lines of the start-up summary: who decides and, with live
// market data, when the first decision comes. Pure text from the config.

#include "runtime/config/config.hpp"

#include <string>
#include <vector>

namespace tn {

std::vector<std::string> decision_summary(const node_config& cfg);

} // namespace tn
