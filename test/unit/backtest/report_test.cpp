#include "backtest/report/report_html.hpp"
#include "backtest/report/report_json.hpp"
#include "backtest/report/svg_chart.hpp"
#include "backtest/report/write_report.hpp"
#include "runtime/json/json_read.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

using namespace tn;
using namespace tn::backtest;
using tn::test::dec;

namespace {

timestamp minute(int i) {
  return from_unix_ms(1'700'000'000'000 + int64_t{60'000} * i);
}

record small_run(const std::string& symbol = "BTCUSDT") {
  record r;
  r.name = "test-run";
  r.market = "spot";
  r.quote_asset = "USDT";
  r.from = minute(0);
  r.to = minute(3);
  r.starting_equity = dec("1000");
  r.candles = 4;
  const char* eq[] = {"1000", "1010", "990", "1020"};
  for (int i = 0; i < 4; ++i)
    r.equity.push_back({minute(i), dec(eq[i]), dec(i == 1 || i == 2 ? "500" : "0")});
  fill_row buy{minute(1), symbol, true, dec("0.01"), dec("50000"), dec("0.5"), "c1", "entry", 7};
  fill_row sell{minute(3), symbol, false, dec("0.01"), dec("52000"), dec("0.52"), "c2", "stop_loss", 0};
  r.fills = {buy, sell};
  trade_row t;
  t.position_id = "p1";
  t.symbol = symbol;
  t.opened = minute(1);
  t.closed = minute(3);
  t.quantity = dec("0.01");
  t.entry_price = dec("50000");
  t.exit_price = dec("52000");
  t.fees = dec("1.02");
  t.pnl = dec("18.98");
  t.reason = "stop_loss";
  r.trades = {t};
  for (int i = 0; i < 4; ++i)
    r.prices[symbol].push_back({minute(i), dec(i < 2 ? "50000" : "52000")});
  r.model = {3, 2, 1, 1200, 300, dec("0.0123"), "cache"};
  r.gate["zscore"] = {4, 1};
  r.warnings = {"The period lies before the model's training cutoff"};
  return r;
}

// Every opened element is closed in order; void elements and "/>" stand alone.
bool tags_balanced(const std::string& html, std::string& why) {
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    auto end = html.find('>', i);
    if (end == std::string::npos) {
      why = "unterminated tag";
      return false;
    }
    auto tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty() || tag[0] == '!')
      continue;
    if (tag.back() == '/')
      continue;
    bool closing = tag[0] == '/';
    auto name = tag.substr(closing ? 1 : 0, tag.find_first_of(" \n", closing ? 1 : 0)
                                             - (closing ? 1 : 0));
    if (name == "meta")
      continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      why = "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">");
      return false;
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) {
    why = "<" + open.back() + "> never closed";
    return false;
  }
  return true;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// small_run() beside an evaluator-only pass of it that ends at 1005: the
/// report.json of the two and its parsed document.
struct beside_evaluator {
  record run = small_run();
  record eval = ends_at(small_run(), "1005");
  std::string text = report_json(run, &eval);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;

  static record ends_at(record r, const char* equity) {
    r.equity.back().equity = dec(equity);
    return r;
  }

  beside_evaluator() {
    auto parsed = json_read::parse(parser, text);
    REQUIRE(parsed.error() == simdjson::SUCCESS);
    doc = parsed.value();
  }
};

} // namespace

TEST_CASE_METHOD(beside_evaluator,
                 "report json: metrics, evaluator-only, model, gate and trades in fixed keys") {
  auto root = doc.get_object().value();
  CHECK(json_read::string_or(root, "name") == "test-run");
  CHECK(json_read::string_or(root, "from") == "2023-11-14T22:13:20.000Z");
  auto m = root["metrics"].get_object().value();
  double x = 0;
  // 1020 / 1000 - 1
  REQUIRE(json_read::get(m, "total_return", x));
  CHECK(x == Approx(0.02));
  CHECK(json_read::string_or(m, "fees") == "1.02");
  CHECK(json_read::string_or(m, "net_pnl") == "18.98");
  // one win, no loss: profit factor undefined
  CHECK(m["profit_factor"].is_null());
  // 1010 -> 990: 20 / 1010
  REQUIRE(json_read::get(m, "max_drawdown", x));
  CHECK(x == Approx(20.0 / 1010.0));
  auto e = root["evaluator_only"].get_object().value();
  REQUIRE(json_read::get(e, "total_return", x));
  CHECK(x == Approx(0.005));
  auto model = root["model"].get_object().value();
  CHECK(json_read::count_or_zero(model, "calls") == 3);
  CHECK(json_read::string_or(model, "cost_usd") == "0.0123");
  auto gate = root["gate"]["zscore"].get_object().value();
  REQUIRE(json_read::get(gate, "pass_rate", x));
  CHECK(x == Approx(0.25));
  CHECK(root["trades"].get_array().value().size() == 1);
  CHECK(root["warnings"].get_array().value().size() == 1);
  // Keys in a fixed order, and the same bytes every time.
  CHECK(text.find("\"name\"") < text.find("\"metrics\""));
  CHECK(text.find("\"metrics\"") < text.find("\"evaluator_only\""));
  CHECK(report_json(run, &eval) == text);
  CHECK(report_json(run, nullptr).find("\"evaluator_only\":null") != std::string::npos);
}

TEST_CASE("report json: undefined ratios are null, numbers keep a fixed form") {
  CHECK(format_ratio(std::nullopt) == "null");
  CHECK(format_ratio(0.1 + 0.2) == "0.3");
  CHECK(format_ratio(-0.0) == "0");
  CHECK(format_ratio(1.0 / 0.0) == "null");
  record empty;
  auto text = report_json(empty, nullptr);
  CHECK(text.find("\"calmar\":null") != std::string::npos);
  CHECK(text.find("\"sharpe\":null") != std::string::npos);
}

TEST_CASE("report html: self-contained, balanced, escaped, with warnings first") {
  auto run = small_run("<b>EVIL&USDT");
  auto eval = small_run("<b>EVIL&USDT");
  auto html = report_html(run, &eval);
  std::string why;
  CHECK(tags_balanced(html, why));
  INFO(why);
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>EVIL") == std::string::npos);
  CHECK(html.find("&lt;b&gt;EVIL&amp;USDT") != std::string::npos);
  CHECK(html.find("Evaluator only") != std::string::npos);
  CHECK(html.find("Buy and hold") != std::string::npos);
  CHECK(html.find("Gate pass rate") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  // Warnings come before the metrics.
  CHECK(html.find("training cutoff") < html.find("<h2>Metrics"));
  // Calmar is defined here (a drawdown and a CAGR); an empty run shows a dash.
  auto empty = report_html(record{}, nullptr);
  CHECK(tags_balanced(empty, why));
  // No prices, no basket: its drawdown is a dash, not 0.00%. (No model:
  // the run is its own evaluator-only column.)
  CHECK(empty.find("<td class=\"l\">Max drawdown</td><td>0.00%</td><td>0.00%</td>"
                   "<td>\xE2\x80\x94</td>")
        != std::string::npos);
  CHECK(empty.find("\xE2\x80\x94") != std::string::npos);
  CHECK(report_html(run, &eval) == html);
}

TEST_CASE("svg: a year of 1m samples draws bounded and keeps a one-sample spike") {
  std::vector<xy> pts;
  const int n = 365 * 24 * 60;
  pts.reserve(n);
  for (int i = 0; i < n; ++i)
    pts.push_back({static_cast<double>(i), i == 200'000 ? -50.0 : 1.0 + (i % 7) * 0.01});
  auto ds = downsample_min_max(pts, 0, n, 800);
  CHECK(ds.size() <= 1600);
  bool spike = false;
  for (auto& p : ds)
    spike = spike || p.y == -50.0;
  CHECK(spike);
  for (size_t i = 1; i < ds.size(); ++i)
    CHECK(ds[i - 1].x <= ds[i].x);
  chart c;
  c.x0 = 0;
  c.x1 = n;
  c.lines.push_back({pts, "#000", "equity"});
  for (int i = 0; i < n; i += 10)
    c.markers.push_back({static_cast<double>(i), 1.0, i % 20 == 0});
  auto svg = render_svg(c);
  // At most two points per column and two markers per column: well under 200 kB.
  CHECK(svg.size() < 200'000);
}

TEST_CASE("svg: a drawdown chart reaches zero, also when flat") {
  chart c;
  c.percent = true;
  c.include_zero = true;
  c.lines.push_back({{{0, 0.0}, {1, 0.0}}, "#000", ""});
  auto flat = render_svg(c);
  // labels at the top and bottom: 0.00% and -1.00%
  CHECK(flat.find(">0.00%<") != std::string::npos);
  CHECK(flat.find(">-1.00%<") != std::string::npos);
  c.lines[0].points = {{0, -0.2}, {1, -0.1}};
  auto deep = render_svg(c);
  CHECK(deep.find(">0.00%<") != std::string::npos);
  CHECK(deep.find(">-20.00%<") != std::string::npos);
}

TEST_CASE("write_report: the three files, trades.csv one row per fill") {
  auto dir = std::filesystem::temp_directory_path() / "tn_report_test" / "out";
  std::filesystem::remove_all(dir.parent_path());
  auto run = small_run();
  std::string error;
  REQUIRE(write_report(run, nullptr, dir.string(), error));
  CHECK(error.empty());
  CHECK(read_all(dir / "report.json") == report_json(run, nullptr));
  CHECK(read_all(dir / "report.html") == report_html(run, nullptr));
  auto csv = read_all(dir / "trades.csv");
  CHECK(csv == "time,symbol,side,quantity,price,fee,quote_asset,reason,decision_id,client_id\n"
               "2023-11-14T22:14:20.000Z,BTCUSDT,BUY,0.01,50000,0.5,USDT,entry,7,c1\n"
               "2023-11-14T22:16:20.000Z,BTCUSDT,SELL,0.01,52000,0.52,USDT,stop_loss,0,c2\n");
  // A directory that cannot be made: a file stands in its way.
  std::ofstream(dir.parent_path() / "file") << "x";
  CHECK_FALSE(write_report(run, nullptr, (dir.parent_path() / "file" / "sub").string(), error));
  CHECK(error.find("cannot create") != std::string::npos);
  std::filesystem::remove_all(dir.parent_path());
}

TEST_CASE_METHOD(beside_evaluator,
                 "report json: the run, the evaluator-only run and buy-and-hold side by side") {
  auto c = doc["comparison"].get_object().value();
  auto columns = c["columns"].get_array().value();
  REQUIRE(columns.size() == 3);
  CHECK(std::string{columns.at(0).get_string().value()} == "this_run");
  CHECK(std::string{columns.at(1).get_string().value()} == "evaluator_only");
  CHECK(std::string{columns.at(2).get_string().value()} == "buy_and_hold");
  CHECK(json_read::string_or(c, "evaluator_only_note")
        == "a second pass of the same data and config with agent.backtest off");
  // Total return: 1020 / 1000, 1005 / 1000, the basket 52000 / 50000.
  auto total = c["total_return"].get_array().value();
  REQUIRE(total.size() == 3);
  CHECK(total.at(0).get_double().value() == Approx(0.02));
  CHECK(total.at(1).get_double().value() == Approx(0.005));
  CHECK(total.at(2).get_double().value() == Approx(0.04));
  // The basket has no trades or win rate; the runs' trades and equity.
  CHECK(c["win_rate"].get_array().value().at(2).is_null());
  auto trades = c["trades"].get_array().value();
  CHECK(trades.at(0).get_int64().value() == 1);
  CHECK(trades.at(1).get_int64().value() == 1);
  CHECK(trades.at(2).is_null());
  auto final_equity = c["final_equity"].get_array().value();
  CHECK(std::string{final_equity.at(0).get_string().value()} == "1020");
  CHECK(std::string{final_equity.at(1).get_string().value()} == "1005");
  // The headline figures are the metrics' own.
  auto m = compute_metrics(run);
  auto sharpe = c["sharpe"].get_array().value();
  REQUIRE(m.sharpe);
  CHECK(sharpe.at(0).get_double().value() == Approx(*m.sharpe));
  CHECK(c["max_drawdown"].get_array().value().at(2).get_double().value()
        == Approx(m.basket.max_drawdown));
}

TEST_CASE("report: an evaluator-only run is its own comparison, a missing pass says so") {
  auto run = small_run();
  run.model = {};
  run.model.mode = "off";
  CHECK(evaluator_comparison(run, nullptr) == &run);
  auto json = report_json(run, nullptr);
  // The comparison column repeats the run's own figures: no second pass.
  CHECK(json.find("\"evaluator_only\":null") == std::string::npos);
  auto metrics_at = json.find("\"metrics\":");
  auto eval_at = json.find("\"evaluator_only\":");
  auto comparison_at = json.find(",\"comparison\":");
  REQUIRE(metrics_at != std::string::npos);
  REQUIRE(eval_at != std::string::npos);
  REQUIRE(comparison_at != std::string::npos);
  auto own = json.substr(metrics_at + 10, eval_at - 1 - (metrics_at + 10));
  CHECK(json.substr(eval_at + 17, comparison_at - (eval_at + 17)) == own);
  CHECK(json.find("\"evaluator_only_note\":\"this run is evaluator-only (agent.backtest off): it "
                  "is its own comparison, run once\"")
        != std::string::npos);
  CHECK(json.find("\"total_return\":[0.02,0.02,0.04]") != std::string::npos);
  CHECK(json.find("\"final_equity\":[\"1020\",\"1020\",null]") != std::string::npos);
  auto html = report_html(run, nullptr);
  CHECK(html.find("<p>Evaluator only: this run is evaluator-only (agent.backtest off)")
        != std::string::npos);
  CHECK(html.find("<th>Evaluator only</th>") != std::string::npos);
  // Its equity is drawn once, not again as the evaluator's.
  CHECK(html.find("evaluator only</text>") == std::string::npos);
  // A model's run without its pass (it failed): no column, and the note.
  auto cached = small_run();
  auto text = report_html(cached, nullptr);
  CHECK(text.find("<p>Evaluator only: no evaluator-only pass (see the warnings).</p>")
        != std::string::npos);
  auto eval = small_run();
  CHECK(report_html(cached, &eval).find("<th>Evaluator only</th>") != std::string::npos);
}
