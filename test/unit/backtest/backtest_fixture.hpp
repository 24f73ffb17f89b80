#pragma once

// Whole backtests in tests: the real spot day's files, configs/backtest.yaml
// with the real exchangeInfo, and the journal read back row by row.

#include "actors/market_replay/backtest_config.hpp"
#include "actors/services.hpp"
#include "backtest/run/backtest_run.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"
#include "runtime/node.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tn::test_backtest {

namespace fs = std::filesystem;

inline std::string spot(const std::string& name) {
  return std::string{TN_SHARED_DATA} + "/spot/klines_1m/" + name;
}

inline fs::path fresh_dir(const std::string& name) {
  auto dir = fs::path{TN_BINARY_DIR} / "test-backtest" / name;
  fs::remove_all(dir);
  return dir;
}

/// configs/backtest.yaml replaying `data` (default: the real BTCUSDT and
/// SOLUSDT day) from `from` to `to` into `out`.
inline node_config config(const fs::path& out, const std::string& from, const std::string& to,
                          std::vector<std::string> data = {}) {
  auto cfg = load_node_config(std::string{TN_CONFIGS_DIR} + "/backtest.yaml", service_table());
  REQUIRE(cfg);
  auto& bt = cfg->section<backtest_config>();
  bt.data = std::move(data);
  if (bt.data.empty())
    bt.data = {spot("BTCUSDT-1m-2025-07-13.csv"), spot("SOLUSDT-1m-2025-07-13.csv")};
  REQUIRE(parse_utc_time(from, bt.from));
  REQUIRE(parse_utc_time(to, bt.to));
  bt.out = out.string();
  bt.exchange_info = std::string{TN_SHARED_DATA} + "/spot/exchangeInfo-2023-09-08.json";
  return std::move(*cfg);
}

inline std::string slurp(const fs::path& path) {
  std::ifstream f{path, std::ios::binary};
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The rows of `query`, one line each, columns joined by '|'.
inline std::string dump(const fs::path& journal, const std::string& query) {
  sql::connection db{journal.string()};
  sql::statement st{db, query};
  std::string out;
  auto columns = query.substr(0, query.find(" FROM"));
  auto n = std::count(columns.begin(), columns.end(), ',') + 1;
  while (st.step()) {
    for (int i = 0; i < n; ++i)
      out += st.text_at(i) + '|';
    out += '\n';
  }
  return out;
}

/// What a journal holds, minus the columns that measure wall time.
inline std::string journal_content(const fs::path& journal) {
  return dump(journal, "SELECT ts_ns, topic, level, text FROM events ORDER BY id")
         + dump(journal, "SELECT id, ts_ns, source, trigger_reason, trigger_symbol,"
                         " trigger_detail, trigger_ts_ns, next_check_seconds,"
                         " symbol_decisions, wake_conditions, history_gaps"
                         " FROM decisions ORDER BY id")
         + dump(journal, "SELECT client_id, decision_id, symbol, side, type, quantity_e8,"
                         " price_e8, reason, ts_ns, state, filled_e8, average_price_e8,"
                         " updated_ns FROM orders ORDER BY client_id")
         + dump(journal, "SELECT symbol, trade_id, client_id, side, quantity_e8, price_e8,"
                         " fee_e8, ts_ns FROM fills ORDER BY ts_ns, rowid")
         + dump(journal, "SELECT position_id, symbol, reason, quantity_e8, pnl_e8, closed_ns"
                         " FROM position_exits ORDER BY closed_ns")
         + dump(journal, "SELECT decision_id, symbol, action, outcome, reason, quantity_e8,"
                         " ts_ns FROM risk_verdicts ORDER BY id")
         + dump(journal, "SELECT symbol, interval, open_time_ms, close FROM candles"
                         " ORDER BY symbol, interval, open_time_ms");
}

/// The text of report.json's member `key` up to the member `next` (both
/// top-level keys in the report's fixed order).
inline std::string report_member(const std::string& report, const std::string& key,
                                 const std::string& next) {
  auto from = report.find("\"" + key + "\":");
  auto to = report.find(",\"" + next + "\":");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  from += key.size() + 3;
  return report.substr(from, to - from);
}

inline uint64_t count(const fs::path& journal, const std::string& table) {
  sql::connection db{journal.string()};
  return static_cast<uint64_t>(sql::query_int64(db, "SELECT count(*) FROM " + table));
}

} // namespace tn::test_backtest
