#pragma once

// Human-readable event time for logs and files.

#include "messages/fwd.hpp"

#include <string>

namespace tn {

/// ISO 8601 in UTC with milliseconds: 2025-07-20T12:34:56.789Z.
std::string format_timestamp(timestamp t);

/// ISO 8601 in UTC to the second: 2025-07-20T12:34:56Z.
std::string format_timestamp_seconds(timestamp t);

} // namespace tn
