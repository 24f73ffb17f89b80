#pragma once

// The journal service: persists events, closed candles and decisions to the
// node's SQLite database, and reads the last decisions back for the
// console. SQLite blocks on disk, so the actor runs detached, on a thread of
// its own, never on the cooperative scheduler.

#include "messages/actors.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/service.hpp"

#include <string>

namespace tn {

/// A journal writing the database at `path`. The first write error of an
/// outage and the closing line ("journal flushed ...") go to `sink`, not to
/// the event log: the event log forwards every event here, and an error
/// about writing must not loop back into the writer. The actor quits with
/// ec::storage_error when `path` cannot serve as the journal.
journal_actor spawn_journal(caf::actor_system& sys, std::string path, line_sink sink);

/// The journal service: journal_path(node.data_dir), lines on stderr.
caf::expected<caf::actor> spawn_journal(service_context& ctx);

} // namespace tn
