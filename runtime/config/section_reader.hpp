#pragma once

// What a service's config section reader needs: map_reader and the helpers
// the kernel's own readers use too. Every refusal goes through map_reader's
// context, so a service section's message reads FILE:LINE:COLUMN: KEY.PATH:
// why like the kernel's.

#include "messages/market.hpp"
#include "runtime/config/config_section.hpp"
#include "runtime/config/yaml_reader.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace tn::detail {

/// Refuses `value` under `key` unless it is a URL with one of `schemes`.
void require_url(const map_reader& m, std::string_view key, const std::string& value,
                 std::initializer_list<std::string_view> schemes);

/// True for a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*).
bool valid_env_name(const std::string& name);

/// The interval written at `at` (1m|5m|15m|1h|4h|1d).
interval read_interval(const context& ctx, const located& at);

/// Refuses the section `m` (read as `section` under `top`) for a check
/// across its keys. `why` (from a validate()) reads "section.key[.more]:
/// reason"; the refusal points at that key when the file sets it, else at
/// the section.
[[noreturn]] void refuse_section(const map_reader& top, const map_reader& m,
                                 std::string_view section, const std::string& why);

} // namespace tn::detail
