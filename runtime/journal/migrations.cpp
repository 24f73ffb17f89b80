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
    // 2: every decision, one row each (runtime/journal/decision_rows.hpp):
    // its trigger, the model's raw answer and what it cost, what was decided.
    // Enums are stored by their schema names; the lists of a decision are
    // JSON arrays (runtime/journal/decision_json.hpp), so a row reads on its
    // own in the sqlite3 shell and SQLite's json_each can query them.
    "CREATE TABLE decisions(id INTEGER PRIMARY KEY, ts_ns INTEGER NOT NULL,"
    " source TEXT NOT NULL, trigger_reason TEXT NOT NULL, trigger_symbol TEXT NOT NULL,"
    " trigger_detail TEXT NOT NULL, trigger_ts_ns INTEGER NOT NULL, backend TEXT NOT NULL,"
    " model TEXT NOT NULL, prompt_hash TEXT NOT NULL, model_outcome TEXT NOT NULL,"
    " raw_response TEXT NOT NULL, latency_ns INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,"
    " cache_creation_input_tokens INTEGER NOT NULL, cache_read_input_tokens INTEGER NOT NULL,"
    " cost_usd REAL NOT NULL, next_check_seconds INTEGER NOT NULL,"
    " memory_update TEXT NOT NULL, reasoning TEXT NOT NULL, whole_rejected INTEGER NOT NULL,"
    " rejected TEXT NOT NULL, adjusted TEXT NOT NULL, symbol_decisions TEXT NOT NULL,"
    " wake_conditions TEXT NOT NULL);"
    "CREATE INDEX decisions_by_time ON decisions(ts_ns);",
    // 3 (issue 14, restart state; branch semantics): the gate's schedule,
    // one row kept current; the model's newest memory note found through
    // a partial index however long the journal; and what history a
    // decision lacked ("" when it had every bar it asked for).
    "CREATE TABLE gate_schedule(id INTEGER PRIMARY KEY CHECK(id = 1), ts_ns INTEGER NOT NULL,"
    " next_check_ns INTEGER NOT NULL, passes_today INTEGER NOT NULL,"
    " wake_conditions TEXT NOT NULL);"
    "CREATE INDEX decisions_memory ON decisions(id)"
    " WHERE source = 'model' AND memory_update <> '';"
    "ALTER TABLE decisions ADD COLUMN history_gaps TEXT NOT NULL DEFAULT '';",
    // 4 (journal upkeep: retention and the clean-shutdown marker): retention
    // deletes events and candles by time, so both get a time index;
    // journal_meta holds the marker a clean close leaves, whose absence at
    // open means the last run ended without closing the journal.
    "CREATE INDEX events_by_time ON events(ts_ns);"
    "CREATE INDEX candles_by_time ON candles(open_time_ms);"
    "CREATE TABLE journal_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
    // 5 (issue 15, write-ahead orders and recovery; runtime/journal/execution_rows.hpp):
    // money is exact, as INTEGER units of 10^-8 (columns *_e8); enums by
    // their names. An order is its intent (written before it is sent) and
    // its latest state; a partial index finds the ones not final. A fill
    // is keyed by the exchange's trade, so one read twice is kept once; an
    // exit by its position, so a position closes once. positions holds the
    // open ones only (closing deletes the row); balances the account's
    // last journaled balances.
    "CREATE TABLE orders(client_id TEXT PRIMARY KEY, decision_id INTEGER NOT NULL,"
    " symbol TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL,"
    " quantity_e8 INTEGER NOT NULL, price_e8 INTEGER NOT NULL, stop_price_e8 INTEGER NOT NULL,"
    " reduce_only INTEGER NOT NULL, reason TEXT NOT NULL, ts_ns INTEGER NOT NULL,"
    " state TEXT NOT NULL, filled_e8 INTEGER NOT NULL, average_price_e8 INTEGER NOT NULL,"
    " exchange_order_id TEXT NOT NULL, state_reason TEXT NOT NULL, updated_ns INTEGER NOT NULL);"
    "CREATE INDEX orders_not_final ON orders(ts_ns)"
    " WHERE state NOT IN ('filled', 'canceled', 'rejected', 'expired', 'dropped');"
    "CREATE TABLE fills(symbol TEXT NOT NULL, trade_id INTEGER NOT NULL,"
    " client_id TEXT NOT NULL, side TEXT NOT NULL, quantity_e8 INTEGER NOT NULL,"
    " price_e8 INTEGER NOT NULL, fee_e8 INTEGER NOT NULL, fee_asset TEXT NOT NULL,"
    " maker INTEGER NOT NULL, ts_ns INTEGER NOT NULL, PRIMARY KEY(symbol, trade_id));"
    "CREATE INDEX fills_by_time ON fills(ts_ns);"
    "CREATE INDEX fills_by_order ON fills(client_id);"
    "CREATE TABLE positions(position_id TEXT PRIMARY KEY, symbol TEXT NOT NULL,"
    " quantity_e8 INTEGER NOT NULL, entry_price_e8 INTEGER NOT NULL, fees_e8 INTEGER NOT NULL,"
    " best_price_e8 INTEGER NOT NULL, trailing_armed INTEGER NOT NULL,"
    " entry_decision_id INTEGER NOT NULL, opened_ns INTEGER NOT NULL);"
    "CREATE TABLE position_exits(position_id TEXT PRIMARY KEY, symbol TEXT NOT NULL,"
    " entry_decision_id INTEGER NOT NULL, reason TEXT NOT NULL, quantity_e8 INTEGER NOT NULL,"
    " entry_price_e8 INTEGER NOT NULL, exit_price_e8 INTEGER NOT NULL, fees_e8 INTEGER NOT NULL,"
    " pnl_e8 INTEGER NOT NULL, opened_ns INTEGER NOT NULL, closed_ns INTEGER NOT NULL);"
    "CREATE INDEX position_exits_by_time ON position_exits(closed_ns);"
    "CREATE TABLE risk_verdicts(id INTEGER PRIMARY KEY, decision_id INTEGER NOT NULL,"
    " symbol TEXT NOT NULL, action TEXT NOT NULL, requested_pct REAL NOT NULL,"
    " outcome TEXT NOT NULL, reason TEXT NOT NULL, client_id TEXT NOT NULL,"
    " quantity_e8 INTEGER NOT NULL, ts_ns INTEGER NOT NULL);"
    "CREATE INDEX risk_verdicts_by_decision ON risk_verdicts(decision_id);"
    "CREATE TABLE balances(asset TEXT PRIMARY KEY, free_e8 INTEGER NOT NULL,"
    " locked_e8 INTEGER NOT NULL) WITHOUT ROWID;",
    // 6 (issue 14, items 10 and 17): a subscription call's cost is journaled
    // but not spent, so the day's spend restored at start leaves it out.
    "ALTER TABLE decisions ADD COLUMN cost_in_budget INTEGER NOT NULL DEFAULT 1;",
    // 7 (issue 16, the learner; runtime/journal/learner_rows.hpp): the
    // closed trades the learner applied, keyed by position (an exit is
    // learned once), each learned signal with its weight and whether it
    // was right, and the posteriors per scope ("global" or a regime key)
    // and signal, kept current in the same transaction as the trade.
    // Exits without a learner_trades row are the ones still to learn.
    "CREATE TABLE learner_trades(position_id TEXT PRIMARY KEY, symbol TEXT NOT NULL,"
    " entry_decision_id INTEGER NOT NULL, regime TEXT NOT NULL, pnl_e8 INTEGER NOT NULL,"
    " won INTEGER NOT NULL, closed_ns INTEGER NOT NULL);"
    "CREATE TABLE learner_signals(position_id TEXT NOT NULL, signal TEXT NOT NULL,"
    " weight REAL NOT NULL, correct INTEGER NOT NULL,"
    " PRIMARY KEY(position_id, signal)) WITHOUT ROWID;"
    "CREATE TABLE learner_posteriors(scope TEXT NOT NULL, signal TEXT NOT NULL,"
    " alpha REAL NOT NULL, beta REAL NOT NULL, updates INTEGER NOT NULL,"
    " PRIMARY KEY(scope, signal)) WITHOUT ROWID;",
    // 8 (issue 15, the client id epoch): a random token made once, when the
    // journal is created (or first migrated), from SQLite's randomness (the
    // operating system's entropy, never the clock). Every client order id
    // carries it, so a fresh journal, whose decision ids start again at 1,
    // never reuses an id an earlier journal placed at the same account:
    // eight lowercase hex digits (journal_db::client_id_epoch).
    "INSERT OR IGNORE INTO journal_meta VALUES('client_id_epoch', lower(hex(randomblob(4))));",
    // 9 (issue 17, funding of paper futures positions; runtime/journal/funding_rows.hpp):
    // one row per symbol and funding time, so a settlement is kept once;
    // amount_e8 is what the account received (negative: paid).
    "CREATE TABLE funding(symbol TEXT NOT NULL, ts_ns INTEGER NOT NULL,"
    " position_e8 INTEGER NOT NULL, mark_price_e8 INTEGER NOT NULL, rate_e8 INTEGER NOT NULL,"
    " amount_e8 INTEGER NOT NULL, asset TEXT NOT NULL, PRIMARY KEY(symbol, ts_ns));",
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
