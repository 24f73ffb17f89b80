#pragma once

// Loading the node's configuration from YAML. Every refusal is
// ec::invalid_config with one message, FILE:LINE:COLUMN: KEY.PATH: reason
// (1-based; a missing file has no line and column), so an editor can jump
// to it and the user knows which key to fix and why.

#include "runtime/config/config.hpp"
#include "runtime/config/env_subst.hpp"
#include "runtime/config/section_reader.hpp"

#include <caf/expected.hpp>

#include <string>
#include <vector>

namespace tn {

/// Reads and validates the YAML file at `path`: the kernel's sections and
/// `services`, the sections of the node's services (any other top-level key
/// is refused). `env` resolves ${NAME} and the LIVE_TRADING switch; tests
/// pass their own instead of the process's.
[[nodiscard]] caf::expected<node_config>
load_config_file(const std::string& path, const std::vector<config_section>& services,
                 const env_lookup& env = process_env);

/// As load_config_file, from text; `source_name` stands for the file name
/// in messages, e.g. "<embedded default>".
[[nodiscard]] caf::expected<node_config>
load_config_text(const std::string& yaml, const std::string& source_name,
                 const std::vector<config_section>& services, const env_lookup& env = process_env);

/// The text of configs/default.yaml, built into the library so that the node
/// starts without any file.
const std::string& embedded_default_config();

} // namespace tn
