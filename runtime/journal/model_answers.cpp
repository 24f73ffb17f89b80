#include "runtime/journal/model_answers.hpp"

#include "messages/error.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

namespace tn {

namespace {

constexpr const char* answers_sql =
  "SELECT prompt_hash, backend, model, raw_response FROM decisions"
  " WHERE prompt_hash <> '' AND raw_response <> ''"
  " AND (model_outcome = 'ok' OR model_outcome LIKE 'rejected:%') ORDER BY id";

} // namespace

caf::expected<size_t> read_model_answers(const std::string& path, journaled_answers& out) {
  try {
    sql::connection db{path, sql::connection::read_only_t{}};
    sql::statement stmt{db, answers_sql};
    size_t added = 0;
    while (stmt.step()) {
      journaled_answer x{stmt.text_at(1), stmt.text_at(2), stmt.text_at(3)};
      if (out.emplace(stmt.text_at(0), std::move(x)).second)
        ++added;
    }
    return added;
  } catch (const sql::failure& f) {
    std::string why = f.what();
    if (f.code() == SQLITE_NOTADB)
      why = "not an SQLite database (" + why + ")";
    else if (f.code() == SQLITE_CANTOPEN)
      why = "cannot open (" + why + ")";
    return caf::make_error(ec::storage_error,
                           "model cache: cannot read the answers of journal " + path + ": " + why);
  }
}

} // namespace tn
