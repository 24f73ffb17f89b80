#include "backtest/sweep/grid.hpp"
#include "backtest/sweep/sweep.hpp"
#include "backtest/sweep/sweep_command.hpp"
#include "backtest/sweep/sweep_file.hpp"
#include "actors/services.hpp"
#include "runtime/config/load.hpp"
#include "runtime/error_text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tn;
using namespace tn::backtest;

namespace {

const std::string source_dir = TN_SOURCE_DIR;
const std::string stand_in = source_dir + "/test/unit/backtest/stand-in-backtest";

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path fresh_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace

TEST_CASE("sweep command: options, forwarded arguments, refusals") {
  auto dir = fresh_dir("tn_sweep_command");
  auto file = dir / "grid.yaml";
  std::ofstream(file) << "base: " << source_dir << "/configs/backtest.yaml\n"
                      << "rank_by: total_return\nparallel: 2\ntimeout: 1m\n"
                      << "grid:\n  market.warmup_bars: [100, 200]\n";
  auto sections = config_sections(service_table());
  std::ostringstream out, err;
  auto status = run_sweep_command({"--sweep", file.string(), "--out", (dir / "out").string(),
                                   "--from", "2024-01-01"},
                                  sections, stand_in, out, err);
  INFO(out.str() << err.str());
  CHECK(status == 0);
  CHECK(std::filesystem::exists(dir / "out" / "summary.csv"));
  CHECK(std::filesystem::exists(dir / "out" / "summary.html"));
  auto log = read_all(dir / "out" / "point-2" / "backtest.log");
  CHECK(log.find("extra argument --from") != std::string::npos);
  CHECK(log.find("extra argument 2024-01-01") != std::string::npos);
  CHECK(is_sweep({"--data", "x", "--sweep", "f"}));
  CHECK_FALSE(is_sweep({"--data", "x"}));

  std::ostringstream o2, e2;
  CHECK(run_sweep_command({"--sweep", file.string(), "--config", "x.yaml"}, sections, stand_in,
                          o2, e2)
        == 2);
  CHECK(e2.str().find("--config does not go with --sweep") != std::string::npos);
  std::ostringstream o3, e3;
  CHECK(run_sweep_command({"--sweep"}, sections, stand_in, o3, e3) == 2);
  CHECK(e3.str().find("--sweep needs a value") != std::string::npos);
  std::ostringstream o4, e4;
  CHECK(run_sweep_command({"--sweep", (dir / "missing.yaml").string()}, sections, stand_in, o4,
                          e4)
        == 2);
  CHECK(e4.str().find("cannot read the sweep file") != std::string::npos);
  std::ostringstream o5, e5;
  CHECK(run_sweep_command({"--sweep", file.string()}, sections, (dir / "no-such").string(), o5,
                          e5)
        == 2);
  CHECK(e5.str().find("cannot find the backtest program") != std::string::npos);
  // A link to the program (as /proc/self/exe is) runs the program itself.
  std::filesystem::create_symlink(stand_in, dir / "link");
  std::ostringstream o6, e6;
  CHECK(run_sweep_command({"--sweep", file.string(), "--out", (dir / "out6").string()},
                          sections, (dir / "link").string(), o6, e6)
        == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep example: configs/sweeps/example.yaml's points pass the node's loader") {
  sweep_spec spec;
  std::string error;
  REQUIRE(parse_sweep_spec(read_all(source_dir + "/configs/sweeps/example.yaml"),
                           "example.yaml", spec, error));
  auto points = expand_grid(spec.grid);
  CHECK(points.size() == 8);
  auto sections = config_sections(service_table());
  auto dir = fresh_dir("tn_sweep_example");
  std::vector<std::string> errors;
  auto ok = prepare_points(read_all(source_dir + "/" + spec.base), points, dir.string(),
                           [&](const std::string& path) {
                             auto cfg = load_config_file(path, sections);
                             return cfg ? std::string{} : error_text(cfg.error());
                           },
                           errors);
  INFO((errors.empty() ? std::string{} : errors.front()));
  CHECK(ok);
  std::filesystem::remove_all(dir);
}
