#include "backtest/run/journal_record.hpp"

#include "runtime/journal/funding_rows.hpp"
#include "runtime/journal/sqlite.hpp"

namespace tn::backtest {

namespace {

timestamp from_ns(int64_t ns) {
  return timestamp{timespan{ns}};
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

bool read_journal_record(const std::string& path, record& out, std::string& error) {
  try {
    sql::connection db{path};
    // A fill's order tells why it was placed and for which decision; the
    // rowid orders fills of one step as the broker committed them.
    sql::statement fills{db, "SELECT f.ts_ns, f.symbol, f.side, f.quantity_e8, f.price_e8,"
                             " f.fee_e8, f.client_id, COALESCE(o.reason, ''),"
                             " COALESCE(o.decision_id, 0)"
                             " FROM fills f LEFT JOIN orders o ON o.client_id = f.client_id"
                             " ORDER BY f.ts_ns, f.rowid"};
    while (fills.step()) {
      fill_row r;
      r.time = from_ns(fills.int64_at(0));
      r.symbol = fills.text_at(1);
      r.buy = fills.text_at(2) == "BUY" || fills.text_at(2) == "buy";
      r.quantity = decimal::from_units(fills.int64_at(3));
      r.price = decimal::from_units(fills.int64_at(4));
      r.fee = decimal::from_units(fills.int64_at(5));
      r.client_id = fills.text_at(6);
      r.reason = fills.text_at(7);
      r.decision_id = static_cast<uint64_t>(fills.int64_at(8));
      out.fills.push_back(std::move(r));
    }
    sql::statement exits{db, "SELECT position_id, symbol, opened_ns, closed_ns, quantity_e8,"
                             " entry_price_e8, exit_price_e8, fees_e8, pnl_e8, reason"
                             " FROM position_exits ORDER BY closed_ns, rowid"};
    while (exits.step()) {
      trade_row t;
      t.position_id = exits.text_at(0);
      t.symbol = exits.text_at(1);
      t.opened = from_ns(exits.int64_at(2));
      t.closed = from_ns(exits.int64_at(3));
      t.quantity = decimal::from_units(exits.int64_at(4));
      t.entry_price = decimal::from_units(exits.int64_at(5));
      t.exit_price = decimal::from_units(exits.int64_at(6));
      t.fees = decimal::from_units(exits.int64_at(7));
      t.pnl = decimal::from_units(exits.int64_at(8));
      t.reason = exits.text_at(9);
      out.trades.push_back(std::move(t));
    }
    for (auto& x : funding_rows::load(db))
      out.funding.push_back({x.ts, x.symbol, x.position, x.mark_price, x.rate, x.amount});
    read_model_usage(db, out.model);
  } catch (const sql::failure& e) {
    error = path + ": " + e.what();
    return false;
  }
  return true;
}

void read_model_usage(sql::connection& db, model_usage& out) {
  if (out.mode != "cache" && out.mode != "live")
    return;
  bool live = out.mode == "live";
  sql::statement st{db, "SELECT model_outcome, input_tokens + cache_creation_input_tokens"
                        " + cache_read_input_tokens, output_tokens, cost_usd"
                        " FROM decisions ORDER BY id"};
  while (st.step()) {
    auto outcome = st.text_at(0);
    bool answered = outcome == "ok" || starts_with(outcome, "rejected:");
    if (live && (answered || starts_with(outcome, "failed:")))
      ++out.calls;
    else if (!live && answered)
      ++out.cache_hits;
    else if (starts_with(outcome, "not_cached"))
      ++out.cache_misses;
    out.input_tokens += static_cast<uint64_t>(st.int64_at(1));
    out.output_tokens += static_cast<uint64_t>(st.int64_at(2));
    // The journal keeps the cost as the provider's REAL; the report's sum is
    // fixed point again.
    if (auto cost = decimal::from_double(st.double_at(3)))
      out.cost_usd += *cost;
  }
}

} // namespace tn::backtest
