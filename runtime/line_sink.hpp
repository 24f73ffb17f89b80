#pragma once

// Where services write lines for the operator. Injected, so tests capture
// what a service prints.

#include <functional>
#include <string>

namespace tn {

/// Receives one line, without its line break.
using line_sink = std::function<void(const std::string&)>;

/// Writes each line to stderr, flushed.
line_sink stderr_sink();

/// Writes each line to stdout, flushed.
line_sink stdout_sink();

} // namespace tn
