// Whole backtests on the real spot day (BTCUSDT and SOLUSDT, 2025-07-13)
// through the node's own services on CAF's deterministic scheduler: the
// replay runs to the end and the node stops cleanly; two runs of the same
// data, config and seed write the same bytes.

#include "actors/market_replay/backtest_config.hpp"
#include "actors/services.hpp"
#include "backtest/run/backtest_run.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"
#include "runtime/node.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace tn;
namespace fs = std::filesystem;

namespace {

std::string spot(const std::string& name) {
  return std::string{TN_SHARED_DATA} + "/spot/klines_1m/" + name;
}

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::path{TN_BINARY_DIR} / "test-backtest" / name;
  fs::remove_all(dir);
  return dir;
}

node_config config(const fs::path& out, const std::string& from, const std::string& to) {
  auto cfg = load_node_config(std::string{TN_CONFIGS_DIR} + "/backtest.yaml", service_table());
  REQUIRE(cfg);
  auto& bt = cfg->section<backtest_config>();
  bt.data = {spot("BTCUSDT-1m-2025-07-13.csv"), spot("SOLUSDT-1m-2025-07-13.csv")};
  REQUIRE(parse_utc_time(from, bt.from));
  REQUIRE(parse_utc_time(to, bt.to));
  bt.out = out.string();
  bt.exchange_info = std::string{TN_SHARED_DATA} + "/spot/exchangeInfo-2023-09-08.json";
  return std::move(*cfg);
}

std::string slurp(const fs::path& path) {
  std::ifstream f{path, std::ios::binary};
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The rows of `query`, one line each, columns joined by '|'.
std::string dump(const fs::path& journal, const std::string& query) {
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
std::string journal_content(const fs::path& journal) {
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

uint64_t count(const fs::path& journal, const std::string& table) {
  sql::connection db{journal.string()};
  return static_cast<uint64_t>(sql::query_int64(db, "SELECT count(*) FROM " + table));
}

} // namespace

TEST_CASE("a backtest replays a real day through the node and stops cleanly") {
  auto out = fresh_dir("day");
  std::ostringstream log;
  auto r = backtest::run_backtest(config(out, "2025-07-13T02:00", "2025-07-13T20:00"),
                                  service_table(), log);
  INFO(log.str());
  REQUIRE(r);
  // 18 hours of two symbols; the two hours before are the warm-up.
  CHECK(r->candles == 18 * 60 * 2);
  CHECK(r->market == "spot");
  CHECK(r->quote_asset == "USDT");
  CHECK(r->starting_equity == decimal::from_int(10'000));
  REQUIRE(r->equity.size() >= 18);
  CHECK(r->prices.at("BTCUSDT").size() == r->prices.at("SOLUSDT").size());
  auto journal = out / "journal.sqlite";
  // The journal saw every replayed minute, the warm-up's before them, and
  // the node decided on them.
  CHECK(count(journal, "candles") >= r->candles);
  CHECK(count(journal, "decisions") > 0);
  CHECK(count(journal, "fills") == r->fills.size());
  auto csv = slurp(out / "trades.csv");
  REQUIRE(csv.rfind("time,symbol,side,quantity,price,fee,", 0) == 0);
  for (auto& f : r->fills) {
    CHECK(f.time >= r->from);
    CHECK(f.time <= r->to);
  }
  if (!r->fills.empty())
    CHECK(csv.find("\n2025-07-13T") != std::string::npos);
  auto report = slurp(out / "report.json");
  CHECK(report.find("\"candles\": 2160") != std::string::npos);
  // The service lines say the node stopped in order.
  CHECK(log.str().find("backtest of 2160 bars of 2 symbols") != std::string::npos);
}

TEST_CASE("two backtests of the same data, config and seed are identical") {
  std::string files[2][3];
  for (int run = 0; run < 2; ++run) {
    auto out = fresh_dir("same-" + std::to_string(run));
    std::ostringstream log;
    auto r = backtest::run_backtest(config(out, "2025-07-13T03:00", "2025-07-13T15:00"),
                                    service_table(), log);
    INFO(log.str());
    REQUIRE(r);
    files[run][0] = slurp(out / "trades.csv");
    files[run][1] = slurp(out / "report.json");
    files[run][2] = journal_content(out / "journal.sqlite");
  }
  CHECK(files[0][0] == files[1][0]);
  CHECK(files[0][1] == files[1][1]);
  CHECK(files[0][2] == files[1][2]);
  CHECK(files[0][2].size() > 1000);
}
