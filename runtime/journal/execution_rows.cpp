#include "runtime/journal/execution_rows.hpp"

#include "runtime/journal/funding_rows.hpp"

#include "runtime/journal/row_io.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace tn::execution_rows {

namespace {

constexpr order_side all_sides[] = {order_side::buy, order_side::sell};
constexpr order_type all_types[] = {order_type::market, order_type::limit,
                                    order_type::limit_maker, order_type::stop_loss_limit};
constexpr order_state all_states[] = {
  order_state::intent,   order_state::sent,     order_state::open,
  order_state::partially_filled, order_state::filled, order_state::canceled,
  order_state::rejected, order_state::expired,  order_state::dropped};
constexpr order_reason all_reasons[] = {
  order_reason::entry,       order_reason::reduce,      order_reason::model_sell,
  order_reason::stop_loss,   order_reason::trailing_stop, order_reason::kill_switch,
  order_reason::flatten,     order_reason::reevaluation, order_reason::protective};
constexpr trade_action all_actions[] = {trade_action::hold, trade_action::buy, trade_action::sell};
constexpr risk_outcome all_outcomes[] = {risk_outcome::accepted, risk_outcome::reduced,
                                         risk_outcome::rejected, risk_outcome::nothing_to_do};

// The final states, as the orders_not_final index spells them: SQLite uses
// a partial index only for a query with the same condition.
constexpr const char* not_final = "state NOT IN ('filled', 'canceled', 'rejected', 'expired',"
                                  " 'dropped')";

// -- the columns of each table, in the order its walk visits them ------------------

constexpr const char* order_columns[] = {
  "client_id", "decision_id", "symbol", "side", "type", "quantity_e8", "price_e8",
  "stop_price_e8", "reduce_only", "reason", "ts_ns", "state", "filled_e8",
  "average_price_e8", "exchange_order_id", "state_reason", "updated_ns"};

constexpr const char* fill_columns[] = {"symbol",   "trade_id", "client_id", "side",
                                        "quantity_e8", "price_e8", "fee_e8", "fee_asset",
                                        "maker",    "ts_ns"};

constexpr const char* position_columns[] = {
  "position_id", "symbol",         "quantity_e8",       "entry_price_e8", "fees_e8",
  "best_price_e8", "trailing_armed", "entry_decision_id", "opened_ns"};

constexpr const char* exit_columns[] = {
  "position_id", "symbol",   "entry_decision_id", "reason", "quantity_e8", "entry_price_e8",
  "exit_price_e8", "fees_e8", "pnl_e8",           "opened_ns", "closed_ns"};

constexpr const char* verdict_columns[] = {"decision_id", "symbol",    "action",
                                           "requested_pct", "outcome", "reason",
                                           "client_id",   "quantity_e8", "ts_ns"};

constexpr const char* balance_columns[] = {"asset", "free_e8", "locked_e8"};

// The walks: a binder writes a record's columns, a column_reader reads them.

template <class Row, class Request>
Row& intent_columns(Row& row, Request& x) {
  return row.text(x.client_id)
    .count(x.decision_id)
    .text(x.symbol)
    .name(all_sides, x.side)
    .name(all_types, x.type)
    .money(x.quantity)
    .money(x.price)
    .money(x.stop_price)
    .flag(x.reduce_only)
    .name(all_reasons, x.reason)
    .time(x.ts);
}

template <class Row, class Update>
Row& state_columns(Row& row, Update& x) {
  return row.name(all_states, x.state)
    .money(x.filled_quantity)
    .money(x.average_price)
    .text(x.exchange_order_id)
    .text(x.reason)
    .time(x.ts);
}

template <class Row, class Fill>
Row& fill_walk(Row& row, Fill& x) {
  return row.text(x.symbol)
    .count(x.trade_id)
    .text(x.client_id)
    .name(all_sides, x.side)
    .money(x.quantity)
    .money(x.price)
    .money(x.fee)
    .text(x.fee_asset)
    .flag(x.maker)
    .time(x.ts);
}

template <class Row, class Position>
Row& position_walk(Row& row, Position& x) {
  return row.text(x.position_id)
    .text(x.symbol)
    .money(x.quantity)
    .money(x.entry_price)
    .money(x.fees)
    .money(x.best_price)
    .flag(x.trailing_armed)
    .count(x.entry_decision_id)
    .time(x.opened);
}

template <class Row, class Exit>
Row& exit_walk(Row& row, Exit& x) {
  return row.text(x.position_id)
    .text(x.symbol)
    .count(x.entry_decision_id)
    .name(all_reasons, x.reason)
    .money(x.quantity)
    .money(x.entry_price)
    .money(x.exit_price)
    .money(x.fees)
    .money(x.pnl)
    .time(x.opened)
    .time(x.closed);
}

template <class Row, class Verdict>
Row& verdict_walk(Row& row, Verdict& x) {
  return row.count(x.decision_id)
    .text(x.symbol)
    .name(all_actions, x.action)
    .real(x.requested_pct)
    .name(all_outcomes, x.outcome)
    .text(x.reason)
    .text(x.client_id)
    .money(x.quantity)
    .time(x.ts);
}

template <class Row, class Balance>
Row& balance_walk(Row& row, Balance& x) {
  return row.text(x.asset).money(x.free).money(x.locked);
}

/// A row this build cannot read is a failed read, naming the column.
void require(const column_reader& row, const std::string& error, const char* table) {
  if (!row.ok())
    throw sql::failure(SQLITE_MISMATCH, std::string{table} + "." + error);
}

/// Reads the current row of a SELECT of order_columns.
journaled_order read_order(const sql::statement& stmt) {
  journaled_order x;
  std::string error;
  column_reader row{stmt, order_columns, error};
  intent_columns(row, x.request);
  state_columns(row, x.last);
  require(row, error, "orders");
  x.last.client_id = x.request.client_id;
  x.last.symbol = x.request.symbol;
  return x;
}

template <class T, size_t N, class Walk>
std::vector<T> read_all(const sql::connection& db, const char* table,
                        const char* const (&names)[N], Walk walk, const std::string& tail) {
  std::vector<T> out;
  sql::statement stmt{db, "SELECT " + list_of(names) + " FROM " + table + tail};
  while (stmt.step()) {
    T x;
    std::string error;
    column_reader row{stmt, names, error};
    walk(row, x);
    require(row, error, table);
    out.push_back(std::move(x));
  }
  return out;
}

constexpr int64_t day_ns = int64_t{86400} * 1'000'000'000;

} // namespace

bool insert_intent(sql::connection& db, const order_request& x) {
  static const std::string sql = insert_sql("INSERT OR IGNORE", "orders", order_columns);
  sql::statement stmt{db, sql};
  binder row{stmt};
  intent_columns(row, x);
  order_update first;
  first.ts = x.ts;
  state_columns(row, first);
  return stmt.run() == 1;
}

update_result update_order(sql::connection& db, const order_update& x) {
  sql::statement stmt{db, std::string{"UPDATE orders SET state = ?1, filled_e8 = ?2,"
                                      " average_price_e8 = ?3,"
                                      " exchange_order_id = COALESCE(NULLIF(?4, ''),"
                                      " exchange_order_id), state_reason = ?5, updated_ns = ?6"
                                      " WHERE client_id = ?7 AND "}
                            + not_final};
  binder row{stmt};
  state_columns(row, x).text(x.client_id);
  if (stmt.run() == 1)
    return update_result::recorded;
  sql::statement known{db, "SELECT count(*) FROM orders WHERE client_id = ?"};
  known.bind(1, x.client_id);
  return known.step() && known.int64_at(0) > 0 ? update_result::final_kept
                                               : update_result::unknown;
}

bool insert_fill(sql::connection& db, const fill& x) {
  static const std::string sql = insert_sql("INSERT OR IGNORE", "fills", fill_columns);
  sql::statement stmt{db, sql};
  binder row{stmt};
  fill_walk(row, x);
  return stmt.run() == 1;
}

void save_position(sql::connection& db, const position& x) {
  if (x.quantity.is_zero()) {
    sql::statement stmt{db, "DELETE FROM positions WHERE position_id = ?"};
    stmt.bind(1, x.position_id).run();
    return;
  }
  static const std::string sql = insert_sql("INSERT OR REPLACE", "positions", position_columns);
  sql::statement stmt{db, sql};
  binder row{stmt};
  position_walk(row, x);
  stmt.run();
}

bool insert_exit(sql::connection& db, const position_exit& x) {
  static const std::string sql = insert_sql("INSERT OR IGNORE", "position_exits", exit_columns);
  sql::statement stmt{db, sql};
  binder row{stmt};
  exit_walk(row, x);
  auto added = stmt.run() == 1;
  sql::statement close{db, "DELETE FROM positions WHERE position_id = ?"};
  close.bind(1, x.position_id).run();
  return added;
}

std::vector<position_exit> load_exits(const sql::connection& db, const std::string& tail) {
  return read_all<position_exit>(
    db, "position_exits", exit_columns,
    [](column_reader& row, position_exit& x) { exit_walk(row, x); }, tail);
}

const std::string& insert_verdict_sql() {
  static const std::string sql = insert_sql("INSERT", "risk_verdicts", verdict_columns);
  return sql;
}

void insert_verdict(sql::statement& stmt, const risk_verdict& x) {
  binder row{stmt};
  verdict_walk(row, x);
  stmt.run();
}

void replace_balances(sql::connection& db, const std::vector<asset_balance>& xs) {
  db.exec("DELETE FROM balances");
  static const std::string sql = insert_sql("INSERT", "balances", balance_columns);
  sql::statement stmt{db, sql};
  for (auto& x : xs) {
    binder row{stmt};
    balance_walk(row, x);
    stmt.run();
  }
}

execution_journal load(const sql::connection& db) {
  execution_journal out;
  sql::statement orders{db, "SELECT " + list_of(order_columns) + " FROM orders WHERE "
                              + not_final + " ORDER BY ts_ns, rowid"};
  while (orders.step())
    out.open_orders.push_back(read_order(orders));
  out.positions = read_all<position>(
    db, "positions", position_columns,
    [](column_reader& row, position& x) { position_walk(row, x); }, " ORDER BY opened_ns");
  out.balances = read_all<asset_balance>(
    db, "balances", balance_columns,
    [](column_reader& row, asset_balance& x) { balance_walk(row, x); }, " ORDER BY asset");
  out.funding_settled = funding_rows::settled(db);
  auto newest = sql::query_int64(db, "SELECT max(COALESCE((SELECT max(ts_ns) FROM fills), 0),"
                                     " COALESCE((SELECT max(closed_ns) FROM position_exits), 0))");
  if (newest == 0)
    return out;
  auto day = newest - (newest % day_ns + day_ns) % day_ns;
  out.day = timestamp{timespan{day}};
  sql::statement pnl{db, "SELECT COALESCE(sum(pnl_e8), 0) FROM position_exits"
                         " WHERE closed_ns >= ?1 AND closed_ns < ?2"};
  pnl.bind(1, day).bind(2, day + day_ns);
  if (pnl.step())
    out.realized_pnl_day = decimal::from_units(pnl.int64_at(0));
  sql::statement fees{db, "SELECT fee_asset, sum(fee_e8) FROM fills"
                          " WHERE ts_ns >= ?1 AND ts_ns < ?2 GROUP BY fee_asset"};
  fees.bind(1, day).bind(2, day + day_ns);
  while (fees.step())
    out.fees_day[fees.text_at(0)] = decimal::from_units(fees.int64_at(1));
  return out;
}

std::vector<journaled_order> last_orders(const sql::connection& db, uint32_t count) {
  std::vector<journaled_order> out;
  sql::statement stmt{db, "SELECT " + list_of(order_columns)
                            + " FROM orders ORDER BY rowid DESC LIMIT ?1"};
  stmt.bind(1, int64_t{count});
  while (stmt.step())
    out.push_back(read_order(stmt));
  std::reverse(out.begin(), out.end());
  return out;
}

} // namespace tn::execution_rows
