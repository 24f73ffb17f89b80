#pragma once

// What the node tells its operator at start: what it runs, against what, who
// decides and when. Pure text from the config, so it is tested without a node.

#include "runtime/config/config.hpp"

#include <string>
#include <vector>

namespace tn {

/// The start-up lines, without a prefix. `source` names the config
/// ("<embedded default>" or the file's path); `journal` is the journal's path.
std::vector<std::string> startup_summary(const node_config& cfg, const std::string& source,
                                         const std::string& journal);

} // namespace tn
