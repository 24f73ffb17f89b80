#pragma once

// What tradectl prints: the console's typed replies as text for people.
// Pure, so the layout is tested without a node.

#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/supervision.hpp"

#include <string>
#include <vector>

namespace tn {

/// One block per service: its name, then its counters and facts, one per
/// line, values aligned.
std::string render_status(const std::vector<status_report>& reports);

/// A table: NAME STATE RESTARTS LAST ERROR, one row per service.
std::string render_actors(const std::vector<service_row>& rows);

/// One line per event: time, topic, level, text; "(no events)" if none.
std::string render_events(const std::vector<event>& events);

/// A table, one line per decision: TIME SOURCE TRIGGER OUTCOME COST, then
/// the action (and target position) per symbol; "(no decisions)" if none.
std::string render_decisions(const std::vector<decision_record>& records);

/// The breaker's state, failures, times opened, next probe (when not
/// closed) and last error, one per line, values aligned.
std::string render_breaker(const breaker_status& status);

} // namespace tn
