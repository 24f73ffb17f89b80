#pragma once

// A service's section of the config file, as the service registers it in
// the node's table; its reader is written with runtime/config/section_reader.hpp.

#include "runtime/config/config.hpp"

#include <functional>
#include <string>

namespace tn {

namespace detail {
class map_reader;
} // namespace detail

/// A service's top-level section of the config file.
struct config_section {
  /// The top-level key, e.g. "gate".
  std::string name;
  /// Reads the section under `top` (absent: the defaults) into `cfg`, whose
  /// kernel sections are read already; refuses through top.ctx().fail().
  std::function<void(const detail::map_reader& top, node_config& cfg)> read;
};

} // namespace tn
