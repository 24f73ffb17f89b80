#pragma once

// Client order ids of a position's sell orders: deterministic, so a retry or
// a recovery never places one twice, and within Binance's 36 characters
// [A-Za-z0-9_-]. Exits carry the leg 'x' and count attempts; protective
// stops (execution.protective_stop: exchange) carry 's' and count
// revisions, one per placement.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn {

/// The id of exit attempt `attempt` (1, 2, ...) of position `position_id`:
/// "<position id>-x<attempt>", or "x<attempt>-<hash of the position id>"
/// when that would be too long.
std::string exit_client_id(std::string_view position_id, uint32_t attempt);

/// The attempt whose exit id `client_id` is, if it is one of `position_id`'s.
std::optional<uint32_t> exit_attempt_of(std::string_view position_id, std::string_view client_id);

/// The id of protective stop revision `revision` (1, 2, ...) of position
/// `position_id`: "<position id>-s<revision>", or "s<revision>-<hash>".
std::string stop_client_id(std::string_view position_id, uint32_t revision);

/// The revision whose stop id `client_id` is, if it is one of `position_id`'s.
std::optional<uint32_t> stop_revision_of(std::string_view position_id,
                                         std::string_view client_id);

} // namespace tn
