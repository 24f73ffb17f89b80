#pragma once

// Internal to tn_config: the section readers, each with its ranges and its
// checks across keys.

#include "runtime/config/config.hpp"
#include "runtime/config/yaml_reader.hpp"

namespace tn::detail {

/// Reads every section under `root`; refuses by throwing config_error.
node_config read_config(const context& ctx, const located& root);

} // namespace tn::detail
