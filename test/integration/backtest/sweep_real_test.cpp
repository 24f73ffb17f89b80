// A sweep of 4 points through the real binary: `tradenode backtest --sweep
// FILE` over 18 hours of the real BTCUSDT and SOLUSDT 1m spot klines
// (../shared/data), 2 stop losses by 2 gate z-score thresholds, 2 child
// processes at a time. The summary ranks 4 points with distinct configs,
// and every row's figures are its own point's report.json's.

#include "backtest/report/report_json.hpp"
#include "runtime/json/json_read.hpp"
#include "test/integration/files.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace tn;
using namespace std::chrono_literals;

namespace {

/// One CSV line's fields; a quoted field may hold commas and "" quotes.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

/// The CSV's rows as header name to field.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  REQUIRE(!lines.empty());
  auto header = csv_fields(lines.front());
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = csv_fields(lines[i]);
    REQUIRE(fields.size() == header.size());
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < header.size(); ++k)
      row[header[k]] = fields[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace

TEST_CASE("a sweep of 4 points with the real tradenode ranks its points by their own reports") {
  test::temp_dir dir;
  auto data = std::string{TN_SHARED_DATA} + "/spot/";
  auto sweep = dir.file("sweep.yaml");
  test::write(sweep, "base: " TN_SOURCE_DIR "/configs/backtest.yaml\n"
                     "rank_by: total_return\n"
                     "parallel: 2\n"
                     "timeout: 9m\n"
                     "grid:\n"
                     "  backtest.exchange_info: ["
                       + data + "exchangeInfo-2023-09-08.json]\n"
                                "  trader.safety.stop_loss: [0.003, 0.04]\n"
                                "  gate.zscore_price_threshold: [3, 6]\n");
  auto out = dir.file("out");
  test::subprocess run{TN_TRADENODE,
                       {"backtest", "--sweep", sweep, "--out", out, "--data",
                  data + "klines_1m/BTCUSDT-1m-2025-07-13.csv",
                  data + "klines_1m/SOLUSDT-1m-2025-07-13.csv", "--from", "2025-07-13T02:00",
                  "--to", "2025-07-13T20:00"},
                 dir.file("stdout"), dir.file("stderr")};
  REQUIRE(run.started());
  auto code = run.exit_code(580s);
  INFO("stdout:\n" << test::slurp(dir.file("stdout")) << "stderr:\n"
                   << test::slurp(dir.file("stderr")));
  REQUIRE(code == 0);
  auto rows = csv_rows(test::slurp(out + "/summary.csv"));
  REQUIRE(rows.size() == 4);
  std::set<std::pair<std::string, std::string>> configs;
  std::set<std::string> points;
  std::optional<double> previous;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& row = rows[i];
    INFO("row " << i + 1 << ": point " << row["point"] << " " << row["label"]);
    // Ranked 1 to 4, every point once, every grid combination once.
    CHECK(row["rank"] == std::to_string(i + 1));
    CHECK(row["error"].empty());
    points.insert(row["point"]);
    configs.insert({row["trader.safety.stop_loss"], row["gate.zscore_price_threshold"]});
    // The point's own config holds its values.
    auto point_dir = out + "/point-" + row["point"];
    auto yaml = test::slurp(point_dir + "/config.yaml");
    CHECK(yaml.find("stop_loss: " + row["trader.safety.stop_loss"]) != std::string::npos);
    CHECK(yaml.find("zscore_price_threshold: " + row["gate.zscore_price_threshold"])
          != std::string::npos);
    // Its figures are its report's, as the report writes them.
    auto report = test::slurp(point_dir + "/report.json");
    simdjson::dom::parser parser;
    auto doc = json_read::parse(parser, report);
    REQUIRE(doc.error() == simdjson::SUCCESS);
    simdjson::dom::object m;
    REQUIRE(doc.value()["metrics"].get_object().get(m) == simdjson::SUCCESS);
    CHECK(json_read::count_or_zero(doc.value().get_object().value(), "candles") == 18 * 60 * 2);
    for (auto name : {"total_return", "cagr", "sharpe", "sortino", "calmar", "max_drawdown",
                      "win_rate", "profit_factor", "exposure_time"}) {
      INFO(name);
      double x = 0;
      auto expected = json_read::get(m, name, x) ? backtest::format_ratio(x) : std::string{};
      CHECK(row[name] == expected);
    }
    CHECK(row["trades"] == std::to_string(json_read::count_or_zero(m, "trades")));
    CHECK(row["net_pnl"] == json_read::string_or(m, "net_pnl"));
    CHECK(row["fees"] == json_read::string_or(m, "fees"));
    CHECK(row["final_equity"] == json_read::string_or(m, "final_equity"));
    // The evaluator decided every point (configs/backtest.yaml: no model
    // backend): each ran once, no evaluator-only pass beside it, and its
    // report's evaluator-only figures are its own.
    CHECK_FALSE(std::filesystem::exists(point_dir + "/evaluator-only"));
    CHECK(test::slurp(point_dir + "/backtest.log").find("evaluator-only pass")
          == std::string::npos);
    auto member = [&](const std::string& key, const std::string& next) {
      auto from = report.find("\"" + key + "\":");
      auto to = report.find(",\"" + next + "\":");
      REQUIRE(from != std::string::npos);
      REQUIRE(to != std::string::npos);
      return report.substr(from + key.size() + 3, to - from - key.size() - 3);
    };
    CHECK(member("evaluator_only", "comparison") == member("metrics", "evaluator_only"));
    // Highest total return first.
    double total = 0;
    REQUIRE(json_read::get(m, "total_return", total));
    if (previous)
      CHECK(total <= *previous);
    previous = total;
  }
  CHECK(points == std::set<std::string>{"1", "2", "3", "4"});
  CHECK(configs.size() == 4);
  CHECK(configs.count({"0.003", "3"}) == 1);
  CHECK(configs.count({"0.04", "6"}) == 1);
  CHECK(test::slurp(out + "/summary.html").find("<td>0.04</td>") != std::string::npos);
}
