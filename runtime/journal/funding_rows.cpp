#include "runtime/journal/funding_rows.hpp"

#include "runtime/journal/sqlite.hpp"

namespace tn::funding_rows {

namespace {

int64_t ns_of(timestamp t) {
  return t.time_since_epoch().count();
}

timestamp from_ns(int64_t ns) {
  return timestamp{timespan{ns}};
}

} // namespace

bool insert(sql::connection& db, const funding_payment& x) {
  sql::statement stmt{db, "INSERT OR IGNORE INTO funding(symbol, ts_ns, position_e8,"
                          " mark_price_e8, rate_e8, amount_e8, asset)"
                          " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
  stmt.bind(1, x.symbol)
    .bind(2, ns_of(x.ts))
    .bind(3, x.position.units)
    .bind(4, x.mark_price.units)
    .bind(5, x.rate.units)
    .bind(6, x.amount.units)
    .bind(7, x.asset);
  return stmt.run() == 1;
}

std::map<std::string, timestamp> settled(const sql::connection& db) {
  std::map<std::string, timestamp> out;
  sql::statement st{db, "SELECT symbol, max(ts_ns) FROM funding GROUP BY symbol"};
  while (st.step())
    out[st.text_at(0)] = from_ns(st.int64_at(1));
  return out;
}

std::vector<funding_payment> load(const sql::connection& db) {
  std::vector<funding_payment> out;
  sql::statement st{db, "SELECT symbol, ts_ns, position_e8, mark_price_e8, rate_e8, amount_e8,"
                        " asset FROM funding ORDER BY ts_ns, symbol"};
  while (st.step()) {
    funding_payment x;
    x.symbol = st.text_at(0);
    x.ts = from_ns(st.int64_at(1));
    x.position = decimal::from_units(st.int64_at(2));
    x.mark_price = decimal::from_units(st.int64_at(3));
    x.rate = decimal::from_units(st.int64_at(4));
    x.amount = decimal::from_units(st.int64_at(5));
    x.asset = st.text_at(6);
    out.push_back(std::move(x));
  }
  return out;
}

} // namespace tn::funding_rows
