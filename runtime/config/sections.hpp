#pragma once

// Internal to tn_config: the reader of the whole file, the kernel's sections
// each with its ranges and its checks across keys.

#include "runtime/config/section_reader.hpp"

#include <vector>

namespace tn::detail {

/// Reads the kernel's sections under `root`, then each of `services` in
/// order; refuses by throwing config_error.
node_config read_config(const context& ctx, const located& root,
                        const std::vector<config_section>& services);

} // namespace tn::detail
