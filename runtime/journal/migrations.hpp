#pragma once

// The journal's schema as forward migrations. The schema version lives in
// the database header (PRAGMA user_version): version N means the first N
// steps have been applied. A released step is never edited; a change is a
// new step appended to the list.

#include <caf/error.hpp>

#include <string>
#include <vector>

namespace tn {

namespace sql {
class connection;
}

/// The journal's migrations: step i takes the schema from version i to i+1.
const std::vector<std::string>& journal_migrations();

/// Applies the steps `db` lacks, all of them and the new user_version in
/// one transaction, so a failed step leaves the database as it was.
/// Refuses a database whose version is newer than steps.size(): it was
/// written by a newer build whose tables this one does not know. `name`
/// names the database in errors.
[[nodiscard]] caf::error migrate(sql::connection& db, const std::vector<std::string>& steps,
                                 const std::string& name);

} // namespace tn
