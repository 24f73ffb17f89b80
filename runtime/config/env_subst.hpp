#pragma once

// ${NAME} and ${NAME:-default} in config values, so one file serves several
// machines (data_dir: ${TN_DATA_DIR:-var}). Pure: the environment arrives as
// a lookup function, which tests replace instead of touching the process.

#include <functional>
#include <string>
#include <string_view>

namespace tn {

/// Returns the value of an environment variable, or nullptr if it is unset.
using env_lookup = std::function<const char*(const char*)>;

/// The process environment (std::getenv).
const char* process_env(const char* name);

/// Replaces every ${NAME} and ${NAME:-default} in `text`. As in the shell,
/// the default applies when NAME is unset or empty. NAME is
/// [A-Za-z_][A-Za-z0-9_]*; a '$' not followed by '{' is kept as is. On
/// failure (unset without default, bad name, missing '}') returns false and
/// explains in `error`.
[[nodiscard]] bool substitute_env(std::string_view text, const env_lookup& env, std::string& out,
                                  std::string& error);

} // namespace tn
