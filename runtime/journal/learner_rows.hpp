#pragma once

// The learner's tables (schema version 7, runtime/journal/migrations.cpp):
// the trades it applied (learner_trades, with each learned signal in
// learner_signals) and its posteriors (learner_posteriors, one row per
// scope and signal, kept current). A trade and what it adds to the
// posteriors are written in one transaction, so after a crash either both are kept or
// neither, and a trade is kept once, by its position id. Each call runs on
// `db` inside the caller's transaction and throws sql::failure.

#include "messages/learner.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

namespace sql {
class connection;
}

namespace learner_rows {

/// Keeps an applied trade and adds its changes to the posteriors; false
/// (and nothing written) when this position's trade was kept before.
bool insert(sql::connection& db, const learner_update& x);

/// The signals and action of `symbol` in decision `decision_id`; not found
/// when the journal has no such decision or it did not decide `symbol`.
learner_entry entry_of(const sql::connection& db, uint64_t decision_id, const std::string& symbol);

/// The posteriors, the trades applied (oldest first) and the journaled
/// exits whose trade was not applied yet (oldest close first), each with
/// its entry decision.
learner_journal load(const sql::connection& db);

} // namespace learner_rows

} // namespace tn
