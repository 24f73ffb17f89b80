#pragma once

// What the supervisor tells about the services it runs, for the console.

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace tn {

/// One supervised service, as `tradectl actors` shows it.
struct service_row {
  std::string name;
  /// "up", "restarting" (waiting out its backoff) or "stopped".
  std::string state;
  /// Restarts since the node started.
  uint64_t restarts = 0;
  /// Why it failed last; empty if it never failed.
  std::string last_error;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, service_row& x) {
  return f(caf::meta::type_name("service_row"), x.name, x.state, x.restarts, x.last_error);
}

} // namespace tn
