#include "backtest/sweep/runner.hpp"

#include "runtime/process/process.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace tn::backtest {

namespace {

// The last non-empty line of a child's stderr: where a tool says why it failed.
std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos)
    return {};
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// The end of a log file, where a failing child said why.
std::string log_tail(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return {};
  auto size = static_cast<std::streamoff>(in.tellg());
  auto from = std::max<std::streamoff>(0, size - 4096);
  in.seekg(from);
  std::string text(static_cast<size_t>(size - from), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

point_outcome run_one(const child_command& command, const sweep_point& point,
                      const std::string& out_dir) {
  point_outcome o;
  o.point = point;
  o.dir = "point-" + std::to_string(point.index);
  o.log = o.dir + "/backtest.log";
  auto dir = point_dir(out_dir, point.index);
  // The child writes straight into its log through a shell's redirection:
  // a year's replay may print more than is worth holding in memory.
  auto log_path = dir + "/backtest.log";
  process_spec spec;
  spec.argv = {"/bin/sh", "-c", "exec \"$@\" >\"$0\" 2>&1", log_path};
  spec.argv.insert(spec.argv.end(), command.prefix.begin(), command.prefix.end());
  spec.argv.insert(spec.argv.end(), {"--config", dir + "/config.yaml", "--out", dir});
  spec.argv.insert(spec.argv.end(), command.args.begin(), command.args.end());
  spec.env = command.env;
  spec.timeout = command.timeout;
  if (command.cancel && command.cancel->cancelled()) {
    o.error = "not run: the sweep was interrupted";
    return o;
  }
  auto result = run_process(spec, command.cancel);
  if (!result.succeeded()) {
    o.error = result.cancelled ? "interrupted"
              : result.error.empty() ? describe(result)
                                     : result.error;
    auto why = last_line(result.stderr_text + log_tail(log_path));
    if (!why.empty())
      o.error += ": " + why;
    return o;
  }
  std::ifstream in(dir + "/report.json", std::ios::binary);
  if (!in) {
    o.error = "no report.json in " + o.dir;
    return o;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  if (!read_point_report(text.str(), o, error)) {
    o.error = error;
    return o;
  }
  o.ok = true;
  return o;
}

} // namespace

std::string point_dir(const std::string& out_dir, size_t index) {
  return (std::filesystem::path{out_dir} / ("point-" + std::to_string(index))).string();
}

std::vector<point_outcome> run_points(const child_command& command,
                                      const std::vector<sweep_point>& points,
                                      const std::string& out_dir,
                                      const std::function<void(const point_outcome&)>& done) {
  std::vector<point_outcome> out(points.size());
  std::atomic<size_t> next{0};
  std::mutex report;
  auto worker = [&] {
    for (size_t i; (i = next++) < points.size();) {
      out[i] = run_one(command, points[i], out_dir);
      std::lock_guard<std::mutex> lock{report};
      if (done)
        done(out[i]);
    }
  };
  auto n = std::clamp<size_t>(command.parallel, 1, std::max<size_t>(points.size(), 1));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < n; ++i)
    threads.emplace_back(worker);
  for (auto& t : threads)
    t.join();
  return out;
}

} // namespace tn::backtest
