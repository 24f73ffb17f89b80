#pragma once

// The journal service: persists events, closed candles and decisions to the
// node's SQLite database, and reads the last decisions back for the
// console. SQLite blocks on disk, so the actor runs detached, on a thread of
// its own, never on the cooperative scheduler; except in a backtest, where
// every actor runs on the deterministic scheduler (own_threads()).

#include "messages/actors.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/retention.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/service.hpp"

#include <memory>
#include <string>

namespace tn {

/// A journal writing the database at `path`. When the journal stops or
/// starts being able to write, it says so to its peer "event_log" (a
/// journal event: an outage is reported once, not once per write); before
/// that peer is known, and for its closing line ("journal flushed ..."),
/// it writes to `sink`, since the event log is gone by then. The actor
/// quits with ec::storage_error when `path` cannot serve as the journal.
/// `own_thread` false: on the scheduler (a backtest).
journal_actor spawn_journal(caf::actor_system& sys, std::string path, line_sink sink,
                            journal_retention retention = {}, bool own_thread = true);

/// A journal on a database already open. The node opens the journal before
/// any service starts, so a file that cannot serve stops it at once.
journal_actor spawn_journal(caf::actor_system& sys, std::shared_ptr<journal_db> db,
                            line_sink sink, journal_retention retention = {},
                            bool own_thread = true);

/// The journal service on `opened` when it holds the database (the node's
/// first start), else on journal_path(node.data_dir); lines on stderr.
caf::expected<caf::actor> spawn_journal(service_context& ctx, std::shared_ptr<journal_db> opened);

} // namespace tn
