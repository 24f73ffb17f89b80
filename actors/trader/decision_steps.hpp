#pragma once

// The decision loop's steps that need no actor: passes folded into one,
// the snapshot as the model sees it, the decision when nobody can decide,
// and the event log's line for a decision. Pure: no CAF actors, no I/O.

#include "messages/decision.hpp"
#include "messages/gate.hpp"
#include "messages/snapshot.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

/// Passes that waited for the same decision, as one: the newest pass, its
/// detail naming every earlier reason, so none is lost from the prompt and
/// the journal. `passes` is oldest first and not empty.
gate_pass coalesce(std::vector<gate_pass> passes);

/// The open positions as the decision sees them: their gain at the last
/// price (analytics, in doubles).
void value_positions(market_snapshot& snap);

/// The snapshot as the model sees it: the last `bars` of each set.
std::string prompt_of(const market_snapshot& snap, uint32_t bars);

/// Every symbol holds: what is decided when nobody can decide.
decision hold_all(const std::string& why);

/// One line per decision for the event log: who decided and what.
std::string decision_line(const decision_record& rec);

} // namespace tn
