#pragma once

// Where services write lines for the operator. Injected, so tests capture
// what a service prints.

#include <functional>
#include <string>

namespace tn {

/// Receives one line, without its line break.
using line_sink = std::function<void(const std::string&)>;

/// Writes each line to stderr, flushed, from a thread of its own: a
/// terminal or pipe that nobody reads blocks that thread, never the actor
/// that calls the sink. Lines keep their order; beyond a backlog of
/// 10000 lines, new ones are dropped and counted in a line of their own.
line_sink stderr_sink();

/// Writes each line to stdout, as stderr_sink() does to stderr.
line_sink stdout_sink();

/// Waits until every line handed to stderr_sink() and stdout_sink() is
/// written, so a direct write that follows comes after them.
void drain_line_sinks();

} // namespace tn
