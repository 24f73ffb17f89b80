#pragma once

// Internal to tn_config: the section readers, each with its ranges and its
// checks across keys.

#include "runtime/config/config.hpp"
#include "runtime/config/yaml_reader.hpp"

namespace tn::detail {

/// Refuses `value` under `key` unless it is a URL with one of `schemes`.
void require_url(const map_reader& m, std::string_view key, const std::string& value,
                 std::initializer_list<std::string_view> schemes);

/// True for a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*).
bool valid_env_name(const std::string& name);

/// The sections of the decision loop: gate, agent, breaker, trader,
/// evaluator (decision_sections.cpp). Needs node.mode and market.symbols
/// read already.
void read_decision_sections(const map_reader& top, node_config& cfg);

/// Reads every section under `root`; refuses by throwing config_error.
node_config read_config(const context& ctx, const located& root);

} // namespace tn::detail
