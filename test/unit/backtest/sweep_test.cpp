#include "actors/services.hpp"
#include "backtest/sweep/grid.hpp"
#include "backtest/sweep/override.hpp"
#include "backtest/sweep/summary.hpp"
#include "backtest/sweep/sweep.hpp"
#include "backtest/sweep/sweep_file.hpp"
#include "runtime/config/load.hpp"
#include "runtime/error_text.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace tn;
using namespace tn::backtest;

namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string base_config = TN_SOURCE_DIR "/configs/backtest.yaml";
const std::string stand_in = TN_SOURCE_DIR "/test/unit/backtest/stand-in-backtest";

// The node's loader with every service's section, as tradenode reads
// configs/backtest.yaml.
std::string loader_check(const std::string& path) {
  auto cfg = load_config_file(path, config_sections(service_table()));
  return cfg ? std::string{} : error_text(cfg.error());
}

std::filesystem::path fresh_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  return dir;
}

/// A sweep of configs/backtest.yaml over `grid`, each point given at most
/// `timeout`.
sweep_spec sweep_of(std::vector<grid_axis> grid, timespan timeout = std::chrono::seconds{60}) {
  sweep_spec spec;
  spec.base = base_config;
  spec.timeout = timeout;
  spec.grid = std::move(grid);
  return spec;
}

/// Runs `spec` into `dir` with the stand-in as the child; its exit status.
int run_stand_in(const sweep_spec& spec, const std::filesystem::path& dir, std::ostream& out,
                 std::ostream& err, const process_canceller* cancel = nullptr) {
  return run_sweep(spec, dir.string(), {"/bin/sh", stand_in, "backtest"}, loader_check, out, err,
                   cancel);
}

} // namespace

TEST_CASE("sweep grid: the cartesian product in a stable order, labelled") {
  auto points = expand_grid({{"trader.safety.stop_loss", {"0.02", "0.04"}},
                             {"trader.safety.trailing_stop", {"0.1", "0.12", "0.2"}}});
  REQUIRE(points.size() == 6);
  CHECK(points[0].index == 1);
  CHECK(points[0].label == "stop_loss=0.02,trailing_stop=0.1");
  CHECK(points[1].label == "stop_loss=0.02,trailing_stop=0.12");
  CHECK(points[2].label == "stop_loss=0.02,trailing_stop=0.2");
  CHECK(points[3].label == "stop_loss=0.04,trailing_stop=0.1");
  CHECK(points[5].label == "stop_loss=0.04,trailing_stop=0.2");
  CHECK(points[5].index == 6);
  REQUIRE(points[4].overrides.size() == 2);
  CHECK(points[4].overrides[0] == std::make_pair(std::string{"trader.safety.stop_loss"},
                                                 std::string{"0.04"}));
  CHECK(points[4].overrides[1].second == "0.12");
  // Two keys ending alike are named in full.
  auto same = expand_grid({{"a.threshold", {"1"}}, {"b.threshold", {"2"}}, {"c.x", {"3"}}});
  REQUIRE(same.size() == 1);
  CHECK(same[0].label == "a.threshold=1,b.threshold=2,x=3");
  CHECK(expand_grid({{"a.b", {}}}).empty());
  auto none = expand_grid({});
  REQUIRE(none.size() == 1);
  CHECK(none[0].overrides.empty());
}

TEST_CASE("sweep overrides: dotted keys set, sections made, non-maps refused") {
  std::string base = "node:\n  name: x\n  data_dir: var\nmarket:\n  symbols: [BTCUSDT]\n";
  std::string out, error;
  REQUIRE(apply_overrides(base,
                          {{"node.name", "y"},
                           {"trader.safety.stop_loss", "0.02"},
                           {"market.symbols", "[ETHUSDT, SOLUSDT]"}},
                          out, error));
  auto doc = YAML::Load(out);
  CHECK(doc["node"]["name"].Scalar() == "y");
  CHECK(doc["node"]["data_dir"].Scalar() == "var");
  CHECK(doc["trader"]["safety"]["stop_loss"].Scalar() == "0.02");
  REQUIRE(doc["market"]["symbols"].IsSequence());
  CHECK(doc["market"]["symbols"][1].Scalar() == "SOLUSDT");
  CHECK_FALSE(apply_overrides(base, {{"node.name.first", "1"}}, out, error));
  CHECK(error == "node.name.first: node.name is not a map");
  CHECK_FALSE(apply_overrides(base, {{"node..name", "1"}}, out, error));
  CHECK_FALSE(apply_overrides("[1, 2]", {{"a", "1"}}, out, error));
}

TEST_CASE("sweep overrides: a mistyped key is refused by the node's loader, naming the point") {
  auto dir = fresh_dir("tn_sweep_refused");
  auto points = expand_grid({{"market.warmup_bars", {"100"}}, {"market.warmup_barz", {"5"}}});
  std::vector<std::string> errors;
  CHECK_FALSE(prepare_points(read_all(base_config), points, dir.string(), loader_check, errors));
  REQUIRE(errors.size() == 1);
  INFO(errors[0]);
  CHECK(errors[0].rfind("point 1 (warmup_bars=100,warmup_barz=5): ", 0) == 0);
  CHECK(errors[0].find("market.warmup_barz") != std::string::npos);
  CHECK(errors[0].find("warmup_bars") != std::string::npos); // the loader's suggestion
  // The accepted key alone passes the same check.
  errors.clear();
  CHECK(prepare_points(read_all(base_config), expand_grid({{"market.warmup_bars", {"100"}}}),
                       dir.string(), loader_check, errors));
  CHECK(errors.empty());
  auto written = YAML::LoadFile((dir / "point-1" / "config.yaml").string());
  CHECK(written["market"]["warmup_bars"].Scalar() == "100");
  CHECK(written["node"]["data_dir"].Scalar() == (dir / "point-1" / "data").string());
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep file: read, and unknown keys or metrics refused") {
  sweep_spec spec;
  std::string error;
  REQUIRE(parse_sweep_spec("base: b.yaml\nrank_by: calmar\nparallel: 3\ntimeout: 10m\n"
                           "args: [--yes]\ngrid:\n  a.b: [1, 2]\n  c.d: [[X, Y]]\n",
                           "s.yaml", spec, error));
  CHECK(spec.base == "b.yaml");
  CHECK(spec.rank_by == "calmar");
  CHECK(spec.parallel == 3);
  CHECK(spec.timeout == std::chrono::minutes{10});
  CHECK(spec.args == std::vector<std::string>{"--yes"});
  REQUIRE(spec.grid.size() == 2);
  CHECK(spec.grid[0].values == std::vector<std::string>{"1", "2"});
  CHECK(spec.grid[1].values == std::vector<std::string>{"[X, Y]"});
  sweep_spec bad;
  CHECK_FALSE(parse_sweep_spec("base: b.yaml\nrank: sharpe\ngrid: {a: [1]}\n", "s.yaml", bad,
                               error));
  CHECK(error.find("s.yaml:2:") == 0);
  CHECK(error.find("rank") != std::string::npos);
  CHECK_FALSE(parse_sweep_spec("base: b.yaml\nrank_by: luck\ngrid: {a: [1]}\n", "s.yaml", bad,
                               error));
  CHECK(error.find("got 'luck'") != std::string::npos);
  CHECK_FALSE(parse_sweep_spec("base: b.yaml\ngrid: {a: []}\n", "s.yaml", bad, error));
  CHECK_FALSE(parse_sweep_spec("rank_by: sharpe\ngrid: {a: [1]}\n", "s.yaml", bad, error));
  CHECK(error.find("base config is required") != std::string::npos);
}

TEST_CASE("sweep ranking: by the metric, missing values after, failed points last") {
  auto points = expand_grid({{"x", {"1", "2", "3", "4", "5"}}});
  std::vector<point_outcome> o(5);
  for (size_t i = 0; i < 5; ++i) {
    o[i].point = points[i];
    o[i].ok = true;
  }
  o[0].ratios["sharpe"] = 0.5;
  o[1].ratios["sharpe"] = 1.5;
  o[2].ratios["sharpe"] = std::nullopt;
  o[3].ok = false;
  o[3].error = "exited with status 3";
  o[4].ratios["sharpe"] = 1.5; // a tie keeps the grid's order
  for (size_t i = 0; i < 5; ++i)
    o[i].ratios["max_drawdown"] = 0.1 * static_cast<double>(5 - i);
  auto r = rank_points(o, "sharpe");
  CHECK(r[0]->point.index == 2);
  CHECK(r[1]->point.index == 5);
  CHECK(r[2]->point.index == 1);
  CHECK(r[3]->point.index == 3);
  CHECK(r[4]->point.index == 4);
  auto dd = rank_points(o, "max_drawdown");
  // lowest first: point 5 (0.1), 3 (0.3), 2 (0.4), 1 (0.5); point 4 failed
  CHECK(dd[0]->point.index == 5);
  CHECK(dd[1]->point.index == 3);
  CHECK(dd[4]->point.index == 4);
  auto csv = summary_csv(r, {{"x", {}}}, "sharpe");
  CHECK(csv.find("rank,point,label,x,total_return") == 0);
  CHECK(csv.find("\n1,2,x=2,2,,,1.5,") != std::string::npos);
  CHECK(csv.find("\n,4,x=4,4,") != std::string::npos);
  CHECK(csv.find("exited with status 3\n") != std::string::npos);
}

TEST_CASE("sweep: four points end to end through a stand-in child, ranked") {
  auto dir = fresh_dir("tn_sweep_e2e");
  auto spec =
    sweep_of({{"market.warmup_bars", {"100", "300"}}, {"market.history_bars", {"1000", "2000"}}});
  spec.rank_by = "sharpe";
  spec.parallel = 2;
  spec.args = {"--yes"};
  std::ostringstream out, err;
  auto status = run_stand_in(spec, dir, out, err);
  INFO(out.str() << err.str());
  REQUIRE(status == 0);
  // The labels hold commas, so they are quoted.
  // sharpe = warmup / 100 + history / 10000: point 4 (3.2), 3 (3.1), 2 (1.2), 1 (1.1)
  auto csv = read_all(dir / "summary.csv");
  INFO(csv);
  std::istringstream lines{csv};
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line))
    rows.push_back(line);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].rfind("1,4,\"warmup_bars=300,history_bars=2000\",300,2000,0.1,,3.2,", 0) == 0);
  CHECK(rows[2].rfind("2,3,\"warmup_bars=300,history_bars=1000\",", 0) == 0);
  CHECK(rows[3].rfind("3,2,\"warmup_bars=100,history_bars=2000\",", 0) == 0);
  CHECK(rows[4].rfind("4,1,\"warmup_bars=100,history_bars=1000\",", 0) == 0);
  auto html = read_all(dir / "summary.html");
  CHECK(html.find("href=\"point-4/report.html\"") != std::string::npos);
  CHECK(html.find("http") == std::string::npos);
  // Each child's output went to its log, extra arguments included.
  auto log = read_all(dir / "point-3" / "backtest.log");
  CHECK(log.find("replaying with warmup_bars=300 history_bars=1000") != std::string::npos);
  CHECK(log.find("extra argument --yes") != std::string::npos);
  CHECK(out.str().find("best by sharpe: point 4 (warmup_bars=300,history_bars=2000)")
        != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep: a failing child is listed with its error, the rest still ranked") {
  auto dir = fresh_dir("tn_sweep_fail");
  auto spec = sweep_of({{"market.warmup_bars", {"999", "200"}}});
  spec.parallel = 2;
  std::ostringstream out, err;
  CHECK(run_stand_in(spec, dir, out, err) == 1);
  auto csv = read_all(dir / "summary.csv");
  INFO(csv);
  CHECK(csv.find("\n1,2,warmup_bars=200,") != std::string::npos);
  CHECK(csv.find("\n,1,warmup_bars=999,") != std::string::npos);
  CHECK(csv.find("exited with status 3: tradenode: no candles in the data files")
        != std::string::npos);
  CHECK(read_all(dir / "summary.html").find("no candles in the data files") != std::string::npos);
  // A refused point config stops the sweep before anything runs.
  spec.grid = {{"market.warmup_barz", {"1"}}};
  std::ostringstream out2, err2;
  CHECK(run_stand_in(spec, dir, out2, err2) == 2);
  CHECK(err2.str().find("point 1 (warmup_barz=1)") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep: an interrupted sweep starts nothing more and still writes its summary") {
  auto dir = fresh_dir("tn_sweep_cancel");
  auto spec = sweep_of({{"market.warmup_bars", {"100", "200"}}});
  process_canceller cancel;
  cancel.cancel();
  std::ostringstream out, err;
  CHECK(run_stand_in(spec, dir, out, err, &cancel) == 1);
  auto csv = read_all(dir / "summary.csv");
  INFO(csv);
  CHECK(csv.find("\n,1,warmup_bars=100,") != std::string::npos);
  CHECK(csv.find("not run: the sweep was interrupted") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "point-1" / "backtest.log"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep: interrupting stops a running child") {
  auto dir = fresh_dir("tn_sweep_interrupt");
  auto spec = sweep_of({{"market.warmup_bars", {"777"}}}, std::chrono::seconds{600});
  process_canceller cancel;
  // Cancel once the child is known to run (its log says so); generous deadline.
  std::thread interrupter{[&] {
    auto log = dir / "point-1" / "backtest.log";
    for (int i = 0; i < 600; ++i) {
      if (read_all(log).find("replaying") != std::string::npos)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    cancel.cancel();
  }};
  std::ostringstream out, err;
  auto status = run_stand_in(spec, dir, out, err, &cancel);
  interrupter.join();
  CHECK(status == 1);
  auto csv = read_all(dir / "summary.csv");
  INFO(csv);
  CHECK(csv.find("interrupted") != std::string::npos);
  std::filesystem::remove_all(dir);
}
