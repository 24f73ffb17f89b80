#include "runtime/journal/migrations.hpp"

#include "messages/error.hpp"
#include "runtime/journal/sqlite.hpp"

namespace tn {

const std::vector<std::string>& journal_migrations() {
  static const std::vector<std::string> steps{
    // 1: what the node saw and said. Candles are keyed by their bar, so a
    // replayed or gap-filled bar is stored once.
    "CREATE TABLE events(id INTEGER PRIMARY KEY, ts_ns INTEGER NOT NULL,"
    " topic TEXT NOT NULL, level INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX events_by_topic ON events(topic, id);"
    "CREATE TABLE candles(symbol TEXT, interval TEXT, open_time_ms INTEGER,"
    " open REAL, high REAL, low REAL, close REAL, volume REAL, quote_volume REAL,"
    " trades INTEGER, taker_buy_volume REAL,"
    " PRIMARY KEY(symbol, interval, open_time_ms)) WITHOUT ROWID;",
  };
  return steps;
}

caf::error migrate(sql::connection& db, const std::vector<std::string>& steps,
                   const std::string& name) {
  auto known = static_cast<int64_t>(steps.size());
  int64_t version = 0;
  try {
    version = sql::query_int64(db, "PRAGMA user_version");
    if (version > known)
      return caf::make_error(ec::storage_error,
                             name + ": schema version " + std::to_string(version)
                               + " is newer than this build's " + std::to_string(known)
                               + "; refusing a journal written by a newer tradenode");
    if (version == known)
      return caf::none;
    sql::transaction tx{db};
    for (auto v = version; v < known; ++v)
      db.exec(steps[static_cast<size_t>(v)]);
    db.exec("PRAGMA user_version = " + std::to_string(known));
    tx.commit();
    return caf::none;
  } catch (const sql::failure& x) {
    return caf::make_error(ec::storage_error, name + ": migration from schema version "
                                                + std::to_string(version) + " to "
                                                + std::to_string(known) + " failed: " + x.what());
  }
}

} // namespace tn
