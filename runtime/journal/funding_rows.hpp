#pragma once

// The journal's funding payments (table `funding`, schema 9): one row per
// symbol and funding time, money exact in units of 10^-8. Pure: SQLite only.

#include "messages/order.hpp"

#include <map>
#include <string>
#include <vector>

namespace tn::sql {
class connection;
} // namespace tn::sql

namespace tn::funding_rows {

/// Journals `x`: true when new, false when this symbol's funding time was
/// journaled before (the first row stays).
bool insert(sql::connection& db, const funding_payment& x);

/// The newest funding time journaled per symbol.
std::map<std::string, timestamp> settled(const sql::connection& db);

/// Every funding payment, in time order (symbols ascending within a time).
std::vector<funding_payment> load(const sql::connection& db);

} // namespace tn::funding_rows
