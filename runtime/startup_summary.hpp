#pragma once

// What the node tells its operator at start: what it runs and against what;
// the services add their own lines (node_service::summary), e.g. who decides
// and when. Pure text from the config, so it is tested without a node.

#include "runtime/config/config.hpp"

#include <string>
#include <vector>

namespace tn {

/// The kernel's start-up lines, without a prefix. `source` names the config
/// ("<embedded default>" or the file's path). The journal names itself when
/// it opens.
std::vector<std::string> startup_summary(const node_config& cfg, const std::string& source);

} // namespace tn
