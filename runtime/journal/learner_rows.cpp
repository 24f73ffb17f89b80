#include "runtime/journal/learner_rows.hpp"

#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/execution_rows.hpp"
#include "runtime/journal/row_io.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>

namespace tn::learner_rows {

namespace {


constexpr const char* trade_columns[] = {"position_id", "symbol", "entry_decision_id", "regime",
                                         "pnl_e8",      "won",    "closed_ns"};
constexpr const char* signal_columns[] = {"position_id", "signal", "weight", "correct"};
constexpr const char* posterior_columns[] = {"scope", "signal", "alpha", "beta", "updates"};

template <class Row, class Trade>
Row& trade_walk(Row& row, Trade& x) {
  return row.text(x.position_id)
    .text(x.symbol)
    .count(x.entry_decision_id)
    .text(x.regime)
    .money(x.pnl)
    .flag(x.won)
    .time(x.closed);
}

template <class Row, class Posterior>
Row& posterior_walk(Row& row, Posterior& x) {
  return row.text(x.scope).text(x.signal).real(x.alpha).real(x.beta).count(x.updates);
}

void require(const column_reader& row, const std::string& error, const char* table) {
  if (!row.ok())
    throw sql::failure(SQLITE_MISMATCH, std::string{table} + "." + error);
}

} // namespace

bool insert(sql::connection& db, const learner_update& x) {
  static const std::string trade_sql = insert_sql("INSERT OR IGNORE", "learner_trades",
                                                  trade_columns);
  sql::statement trade{db, trade_sql};
  binder row{trade};
  trade_walk(row, x.trade);
  if (trade.run() != 1)
    return false;
  static const std::string signal_sql = insert_sql("INSERT", "learner_signals", signal_columns);
  sql::statement signal{db, signal_sql};
  for (auto& s : x.trade.signals) {
    signal.reset();
    binder{signal}.text(x.trade.position_id).text(s.name).real(s.weight).flag(s.right);
    signal.run();
  }
  // Each change adds to the posterior kept, or to the prior for a new one.
  static const std::string posterior_sql
    = "INSERT INTO learner_posteriors(" + list_of(posterior_columns)
      + ") VALUES(?1, ?2, ?6 + ?3, ?7 + ?4, ?5) ON CONFLICT(scope, signal) DO UPDATE SET"
        " alpha = alpha + ?3, beta = beta + ?4, updates = updates + ?5";
  sql::statement posterior{db, posterior_sql};
  for (auto& c : x.changes) {
    posterior.reset();
    binder out{posterior};
    posterior_walk(out, c).real(x.prior_alpha).real(x.prior_beta);
    posterior.run();
  }
  return true;
}

learner_entry entry_of(const sql::connection& db, uint64_t decision_id,
                       const std::string& symbol) {
  learner_entry out;
  sql::statement stmt{db, "SELECT symbol_decisions FROM decisions WHERE id = ?1"};
  stmt.bind(1, static_cast<int64_t>(decision_id));
  if (!stmt.step())
    return out;
  std::vector<symbol_decision> decided;
  std::string why;
  if (!from_json(stmt.text_at(0), decided, why))
    throw sql::failure(SQLITE_MISMATCH, "decisions.symbol_decisions of decision "
                                          + std::to_string(decision_id) + ": " + why);
  for (auto& d : decided)
    if (d.symbol == symbol) {
      out.found = true;
      out.action = d.action;
      out.signals = std::move(d.signals);
      break;
    }
  return out;
}

learner_journal load(const sql::connection& db) {
  learner_journal out;
  sql::statement posteriors{db, "SELECT " + list_of(posterior_columns)
                                  + " FROM learner_posteriors ORDER BY scope, signal"};
  while (posteriors.step()) {
    beta_posterior p;
    std::string error;
    column_reader row{posteriors, posterior_columns, error};
    posterior_walk(row, p);
    require(row, error, "learner_posteriors");
    out.posteriors.push_back(std::move(p));
  }
  std::map<std::string, size_t> index;
  sql::statement trades{db, "SELECT " + list_of(trade_columns)
                              + " FROM learner_trades ORDER BY rowid"};
  while (trades.step()) {
    learner_trade t;
    std::string error;
    column_reader row{trades, trade_columns, error};
    trade_walk(row, t);
    require(row, error, "learner_trades");
    index[t.position_id] = out.trades.size();
    out.trades.push_back(std::move(t));
  }
  sql::statement signals{db, "SELECT " + list_of(signal_columns)
                               + " FROM learner_signals ORDER BY position_id, signal"};
  while (signals.step()) {
    auto at = index.find(signals.text_at(0));
    if (at == index.end())
      continue;
    learned_signal s;
    s.name = signals.text_at(1);
    s.weight = signals.double_at(2);
    s.right = signals.int64_at(3) != 0;
    out.trades[at->second].signals.push_back(std::move(s));
  }
  auto exits = execution_rows::load_exits(
    db, " WHERE position_id NOT IN (SELECT position_id FROM learner_trades)"
        " ORDER BY closed_ns, rowid");
  for (auto& x : exits) {
    auto entry = entry_of(db, x.entry_decision_id, x.symbol);
    out.pending.push_back({std::move(x), std::move(entry)});
  }
  return out;
}

} // namespace tn::learner_rows
