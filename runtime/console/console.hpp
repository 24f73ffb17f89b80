#pragma once

// The console's pure parts: checking the access token and picking events.

#include "messages/events.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace tn {

/// True if `given` equals `expected`. The time taken depends on the length
/// of `given` only, never on where the two differ, so a remote caller
/// cannot guess the token one character at a time.
bool token_matches(std::string_view expected, std::string_view given);

/// The last `count` of `events`, oldest first.
std::vector<event> last_events(std::vector<event> events, uint32_t count);

} // namespace tn
