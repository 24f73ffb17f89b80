#pragma once

// Durations as the config writes them: a whole number with a unit, e.g.
// 500ms, 30s, 5m, 1h, or several in a row (1h30m). A bare number is refused:
// "30" could mean seconds or milliseconds, and guessing wrong is costly.

#include "messages/fwd.hpp"

#include <string>
#include <string_view>

namespace tn {

/// Parses `text` into `out`; on failure returns false and explains in `error`.
/// Units: ns, us, ms, s, m, h, d.
[[nodiscard]] bool parse_duration(std::string_view text, timespan& out, std::string& error);

/// The shortest exact spelling parse_duration reads back: 500ms, 30s, 5m, 0s.
std::string format_duration(timespan d);

} // namespace tn
