#include "backtest/sweep/sweep.hpp"

#include "backtest/report/report_json.hpp"
#include "backtest/sweep/override.hpp"
#include "runtime/process/environment.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tn::backtest {

namespace {

bool read_text(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::stringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

std::string name_of(const sweep_point& p) {
  return "point " + std::to_string(p.index) + " (" + p.label + ")";
}

} // namespace

bool prepare_points(const std::string& base_yaml, const std::vector<sweep_point>& points,
                    const std::string& out_dir, const config_check& check,
                    std::vector<std::string>& errors) {
  for (auto& p : points) {
    auto dir = point_dir(out_dir, p.index);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      errors.push_back(name_of(p) + ": cannot create " + dir + ": " + ec.message());
      continue;
    }
    auto overrides = p.overrides;
    bool own_data_dir = false;
    for (auto& [key, value] : overrides)
      own_data_dir = own_data_dir || key == "node.data_dir";
    if (!own_data_dir)
      overrides.emplace_back("node.data_dir", dir + "/data");
    std::string yaml, error;
    if (!apply_overrides(base_yaml, overrides, yaml, error)) {
      errors.push_back(name_of(p) + ": " + error);
      continue;
    }
    auto path = dir + "/config.yaml";
    if (!write_text(path, yaml)) {
      errors.push_back(name_of(p) + ": cannot write " + path);
      continue;
    }
    if (check) {
      auto why = check(path);
      if (!why.empty())
        errors.push_back(name_of(p) + ": " + why);
    }
  }
  return errors.empty();
}

int run_sweep(const sweep_spec& spec, const std::string& out_dir,
              const std::vector<std::string>& prefix, const config_check& check,
              std::ostream& out, std::ostream& err, const process_canceller* cancel) {
  std::string base;
  if (!read_text(spec.base, base)) {
    err << "sweep: cannot read the base config " << spec.base << "\n";
    return 2;
  }
  auto points = expand_grid(spec.grid);
  std::vector<std::string> errors;
  if (!prepare_points(base, points, out_dir, check, errors)) {
    for (auto& e : errors)
      err << "sweep: " << e << "\n";
    err << "sweep: nothing was run; fix the grid or the base config\n";
    return 2;
  }
  child_command command;
  command.prefix = prefix;
  command.args = spec.args;
  command.env = passthrough_environment(spec.env);
  command.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(spec.timeout);
  command.parallel = spec.parallel;
  command.cancel = cancel;
  out << "sweep: " << points.size() << " points, " << spec.parallel << " at a time, into "
      << out_dir << "\n";
  size_t finished = 0;
  auto outcomes = run_points(command, points, out_dir, [&](const point_outcome& o) {
    ++finished;
    out << "sweep: [" << finished << "/" << points.size() << "] " << name_of(o.point) << ": ";
    if (o.ok) {
      auto i = o.ratios.find(spec.rank_by);
      out << spec.rank_by << " "
          << format_ratio(i == o.ratios.end() ? std::nullopt : i->second) << "\n";
    } else {
      out << "failed: " << o.error << "\n";
    }
    out.flush();
  });
  auto ranked = rank_points(outcomes, spec.rank_by);
  auto dir = std::filesystem::path{out_dir};
  if (!write_text((dir / "summary.csv").string(), summary_csv(ranked, spec.grid, spec.rank_by))
      || !write_text((dir / "summary.html").string(),
                     summary_html(ranked, spec.grid, spec.rank_by))) {
    err << "sweep: cannot write the summary into " << out_dir << "\n";
    return 2;
  }
  size_t failed = 0;
  for (auto& o : outcomes)
    failed += o.ok ? 0 : 1;
  if (!ranked.empty() && ranked.front()->ok)
    out << "sweep: best by " << spec.rank_by << ": " << name_of(ranked.front()->point) << "\n";
  out << "sweep: " << (points.size() - failed) << " of " << points.size()
      << " points succeeded; summary in " << (dir / "summary.csv").string() << " and "
      << (dir / "summary.html").string() << "\n";
  return failed == 0 ? 0 : 1;
}

} // namespace tn::backtest
