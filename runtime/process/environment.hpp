#pragma once

// The environment a child process gets: only the variables named, copied
// from ours, plus PATH and HOME. Inheriting everything would hand every
// secret of the node (exchange keys, tokens) to whatever we run.

#include <functional>
#include <string>
#include <vector>

namespace tn {

/// Reads an environment variable; "" when unset. The same type as
/// http_backend.hpp's (an identical alias may be declared twice), so one
/// lookup serves every backend; tests pass a fake.
using env_reader = std::function<std::string(const std::string& name)>;

/// Our own environment (std::getenv).
std::string current_env(const std::string& name);

/// "NAME=value" for each variable of `names` that `lookup` finds non-empty,
/// then PATH and HOME unless listed; in that order, each name once. Names
/// that are empty or contain '=' are skipped.
std::vector<std::string> passthrough_environment(const std::vector<std::string>& names,
                                                 const env_reader& lookup = current_env);

} // namespace tn
