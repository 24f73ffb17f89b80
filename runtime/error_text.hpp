#pragma once

// Errors as a person reads them: what happened, in words, never the
// system_error(...) or exit_reason(kill) spelling CAF renders for developers.

#include <caf/fwd.hpp>

#include <string>

namespace tn {

/// "killed", "no answer in time", "stopped on request", our own errors'
/// message; "" for no error.
std::string error_text(const caf::error& err);

} // namespace tn
