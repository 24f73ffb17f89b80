#pragma once

// Where execvp would find a program, looked up in the child's PATH (not
// ours) before spawning, so a missing program is reported by name.

#include <string>
#include <string_view>

namespace tn {

/// execvp's search path when PATH is unset.
inline constexpr std::string_view default_search_path = "/bin:/usr/bin";

/// `name` itself if it contains a '/' (and is an executable regular file);
/// else the first executable regular file `dir/name` for the directories of
/// `search_path` (':'-separated; an empty entry is the current directory).
/// "" if there is none.
std::string find_executable(const std::string& name, std::string_view search_path);

} // namespace tn
