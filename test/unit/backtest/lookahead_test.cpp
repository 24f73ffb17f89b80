// No look-ahead: a decision at time t sees only data up to t. Whatever
// happens to the bars after t (every price changed, or the bars deleted),
// every decision, order, fill and risk verdict before t stays the same. The
// same holds for a futures backtest's funding, open interest and long/short
// ratio after t.

#include "test/unit/backtest/backtest_fixture.hpp"
#include "test/unit/backtest/futures_fixture.hpp"

#include <cstdlib>

using namespace tn;
using namespace tn::test_backtest;

namespace {

enum class after_t { changed, deleted };

/// A copy of the real spot file `name` in `dir` whose bars opening at or
/// after `t_us` (the file's microseconds) are changed or gone.
std::string rewrite(const fs::path& dir, const std::string& name, int64_t t_us, after_t what) {
  std::ifstream in{spot(name)};
  fs::create_directories(dir);
  auto path = dir / name;
  std::ofstream out{path};
  std::string line;
  uint64_t rewritten = 0;
  while (std::getline(in, line)) {
    auto open = std::strtoll(line.c_str(), nullptr, 10);
    if (open < t_us) {
      out << line << '\n';
      continue;
    }
    ++rewritten;
    if (what == after_t::deleted)
      continue;
    // open,high,low,close become one price twice the close: a market that
    // never was, on the same minute grid.
    std::vector<std::string> cols;
    std::stringstream ss{line};
    for (std::string c; std::getline(ss, c, ',');)
      cols.push_back(c);
    REQUIRE(cols.size() == 12);
    auto doubled = std::to_string(std::strtod(cols[4].c_str(), nullptr) * 2);
    doubled = doubled.substr(0, doubled.find('.') + 3);
    for (int i = 1; i <= 4; ++i)
      cols[i] = doubled;
    for (size_t i = 0; i < cols.size(); ++i)
      out << (i ? "," : "") << cols[i];
    out << '\n';
  }
  REQUIRE(rewritten > 0);
  return path.string();
}

/// What the journal holds from before `t`: the node's decisions, orders,
/// fills, exits and risk verdicts, wall-clock columns left out.
std::string before(const fs::path& journal, timestamp t) {
  auto ns = std::to_string(t.time_since_epoch().count());
  return dump(journal, "SELECT id, ts_ns, source, trigger_reason, trigger_symbol, trigger_detail,"
                       " symbol_decisions, wake_conditions, history_gaps FROM decisions"
                       " WHERE ts_ns < " + ns + " ORDER BY id")
         + dump(journal, "SELECT client_id, decision_id, symbol, side, type, quantity_e8,"
                         " price_e8, reason, ts_ns FROM orders WHERE ts_ns < " + ns
                         + " ORDER BY client_id")
         + dump(journal, "SELECT symbol, trade_id, client_id, side, quantity_e8, price_e8,"
                         " fee_e8, ts_ns FROM fills WHERE ts_ns < " + ns + " ORDER BY ts_ns, rowid")
         + dump(journal, "SELECT position_id, reason, pnl_e8, closed_ns FROM position_exits"
                         " WHERE closed_ns < " + ns + " ORDER BY closed_ns")
         + dump(journal, "SELECT decision_id, symbol, action, outcome, reason, quantity_e8, ts_ns"
                         " FROM risk_verdicts WHERE ts_ns < " + ns + " ORDER BY id");
}

uint64_t rows_before(const fs::path& journal, const std::string& table, timestamp t) {
  sql::connection db{journal.string()};
  return static_cast<uint64_t>(sql::query_int64(
    db, "SELECT count(*) FROM " + table + " WHERE ts_ns < "
          + std::to_string(t.time_since_epoch().count())));
}

} // namespace

TEST_CASE("bars after t never change what the node did before t") {
  timestamp t;
  REQUIRE(parse_utc_time("2025-07-13T16:00", t));
  auto t_us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  auto run = [&](const std::string& name, std::vector<std::string> data) {
    auto out = fresh_dir(name);
    std::ostringstream log;
    auto r = backtest::run_backtest(config(out, "2025-07-13T02:00", "2025-07-13T22:00",
                                           std::move(data)),
                                    service_table(), log);
    INFO(log.str());
    REQUIRE(r);
    return out / "journal.sqlite";
  };
  auto real = run("lookahead-real", {});
  // The real run decided and traded before t, so there is something to
  // compare.
  CHECK(rows_before(real, "decisions", t) > 5);
  CHECK(rows_before(real, "fills", t) > 0);
  auto expected = before(real, t);
  for (auto what : {after_t::changed, after_t::deleted}) {
    auto name = what == after_t::changed ? "lookahead-changed" : "lookahead-deleted";
    auto data_dir = fresh_dir(std::string{name} + "-data");
    auto journal = run(name, {rewrite(data_dir, "BTCUSDT-1m-2025-07-13.csv", t_us, what),
                              rewrite(data_dir, "SOLUSDT-1m-2025-07-13.csv", t_us, what)});
    INFO(name);
    CHECK(before(journal, t) == expected);
  }
}

TEST_CASE("funding, open interest and long/short ratio after t never change what the node saw "
          "or did before t") {
  timestamp t;
  REQUIRE(parse_utc_time("2024-02-01T09:30", t));
  auto run = [&](const std::string& name, bool changed) {
    auto out = fresh_dir(name);
    auto files = fresh_dir(name + "-files");
    // Changed: the 16:00 rate is another, a 10:00 one is added, and every
    // open interest and long/short ratio point after t is another.
    auto funding = write_funding(files, changed ? "2024-02-01 10:00:00,0.00444444\r\n"
                                                  "2024-02-01 16:00:00,0.00777777\r\n"
                                                : "");
    std::ostringstream log;
    auto r = backtest::run_backtest(futures_config(out, "2024-02-01T04:00", "2024-02-01T12:00",
                                                   {funding},
                                                   {write_open_interest(files, changed)},
                                                   {write_long_short(files, changed)}),
                                    service_table(), log);
    INFO(log.str());
    REQUIRE(r);
    return out / "journal.sqlite";
  };
  auto split = [&](const fs::path& journal, bool later) {
    std::string out;
    for (auto& [at, text] : derivatives_lines(journal))
      if ((at >= t) == later)
        out += text + "\n";
    return out;
  };
  auto real = run("lookahead-derivs-real", false);
  auto changed = run("lookahead-derivs-changed", true);
  CHECK(rows_before(real, "events", t) > 0);
  CHECK_FALSE(split(real, false).empty());
  CHECK(split(changed, false) == split(real, false));
  CHECK(before(changed, t) == before(real, t));
  // After t the changed files are seen: the comparison is not vacuous.
  CHECK(split(changed, true) != split(real, true));
  CHECK(split(changed, true).find("funding 0.4444%") != std::string::npos);
  // The 10:00 ratio point of the changed file (k = 14), seen from 10:00 on.
  CHECK(split(changed, true).find("long/short 3.14") != std::string::npos);
  CHECK(split(changed, false).find("long/short 3.") == std::string::npos);
}
