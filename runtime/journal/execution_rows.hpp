#pragma once

// The order path's tables (schema version 5, runtime/journal/migrations.cpp)
// and their rows: orders (intent and latest state), fills, open positions,
// position exits, risk verdicts and balances. Money is stored exactly, as
// integer units of 10^-8 (runtime/journal/row_io.hpp). Each call runs its
// statements on `db` inside the caller's transaction and throws
// sql::failure, also for a row this build cannot read back (an enum name it
// does not know), naming the column.

#include "messages/order.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

namespace sql {
class connection;
class statement;
}

namespace execution_rows {

/// Journals an order's intent (state `intent`); false when the client id
/// was journaled before, whose row stays as it was.
bool insert_intent(sql::connection& db, const order_request& x);

/// What update_order did.
enum class update_result : uint8_t {
  recorded,   // the order's state is now `x`'s
  final_kept, // the order already had a final state, which stays
  unknown,    // no intent with this client id
};

/// Records an order's new state; an empty exchange order id keeps the one
/// known.
update_result update_order(sql::connection& db, const order_update& x);

/// Journals a fill; false when the symbol's trade id was journaled before.
bool insert_fill(sql::connection& db, const fill& x);

/// Keeps an open position's row current; quantity zero deletes it.
void save_position(sql::connection& db, const position& x);

/// Journals a closed position and deletes its open row; false when its
/// exit was journaled before.
bool insert_exit(sql::connection& db, const position_exit& x);

/// Journaled exits, filtered and ordered by `tail`, the SQL after
/// "FROM position_exits" (" WHERE ... ORDER BY ...").
std::vector<position_exit> load_exits(const sql::connection& db, const std::string& tail);

/// The INSERT of a risk verdict, prepared once by the journal, and the
/// verdict journaled with it (a row per verdict: the hottest write).
const std::string& insert_verdict_sql();
void insert_verdict(sql::statement& stmt, const risk_verdict& x);

/// Replaces every journaled balance with `xs`.
void replace_balances(sql::connection& db, const std::vector<asset_balance>& xs);

/// Orders without a final state, oldest intent first; open positions,
/// balances, and the newest trading day's PnL and fees.
execution_journal load(const sql::connection& db);

/// The last `count` orders journaled, oldest first.
std::vector<journaled_order> last_orders(const sql::connection& db, uint32_t count);

} // namespace execution_rows

} // namespace tn
