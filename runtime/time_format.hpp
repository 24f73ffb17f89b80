#pragma once

// Human-readable event time for logs and files.

#include "messages/fwd.hpp"

#include <string>

namespace tn {

/// ISO 8601 in UTC with milliseconds: 2025-07-20T12:34:56.789Z.
std::string format_timestamp(timestamp t);

} // namespace tn
