#pragma once

// The node's service table: every service the node runs besides the
// kernel's own, in start order.

#include "runtime/service_table.hpp"

#include <vector>

namespace tn {

std::vector<node_service> service_table();

} // namespace tn
