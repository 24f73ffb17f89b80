#include "backtest/sweep/sweep_command.hpp"

#include "backtest/sweep/sweep.hpp"
#include "runtime/config/load.hpp"
#include "runtime/error_text.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tn::backtest {

namespace {

// Ctrl-C or SIGTERM stops the children too: they run in process groups of
// their own, which a terminal's Ctrl-C does not reach.
process_canceller* interrupt_target = nullptr;

extern "C" void on_interrupt(int) {
  if (interrupt_target)
    interrupt_target->cancel(); // an atomic store and an eventfd write
}

class interrupt_scope {
public:
  explicit interrupt_scope(process_canceller& c) {
    interrupt_target = &c;
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~interrupt_scope() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    interrupt_target = nullptr;
  }
  interrupt_scope(const interrupt_scope&) = delete;
  interrupt_scope& operator=(const interrupt_scope&) = delete;

private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

} // namespace

const char* const sweep_usage =
  "tradenode backtest --sweep FILE [--out DIR] [backtest options...]\n"
  "  Runs a grid of config overrides as parallel backtests and ranks them.\n"
  "  FILE names the base config, the metric to rank by, the parallelism and\n"
  "  the grid (dotted config keys with value lists); see configs/sweeps/example.yaml.\n"
  "  DIR (default var/sweep/<FILE's name>) gets point-N/ per point (its config,\n"
  "  log and report) and summary.csv and summary.html. Other options go to\n"
  "  every point's backtest.\n";

bool is_sweep(const std::vector<std::string>& args) {
  for (auto& a : args)
    if (a == "--sweep")
      return true;
  return false;
}

int run_sweep_command(const std::vector<std::string>& args,
                      const std::vector<config_section>& sections, const std::string& program,
                      std::ostream& out, std::ostream& err) {
  std::string file, out_dir;
  std::vector<std::string> forwarded;
  for (size_t i = 0; i < args.size(); ++i) {
    auto& a = args[i];
    if (a == "--sweep" || a == "--out") {
      if (i + 1 >= args.size()) {
        err << "tradenode backtest: " << a << " needs a value\n" << sweep_usage;
        return 2;
      }
      (a == "--sweep" ? file : out_dir) = args[++i];
    } else if (a == "--config") {
      err << "tradenode backtest: --config does not go with --sweep; the sweep file names "
             "the base config\n";
      return 2;
    } else {
      forwarded.push_back(a);
    }
  }
  // Resolved here: "/proc/self/exe" would name the shell in the child.
  std::error_code ec;
  auto resolved = std::filesystem::canonical(program, ec);
  if (ec) {
    err << "tradenode backtest: cannot find the backtest program " << program << ": "
        << ec.message() << "\n";
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "tradenode backtest: cannot read the sweep file " << file << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  sweep_spec spec;
  std::string error;
  if (!parse_sweep_spec(text.str(), file, spec, error)) {
    err << "tradenode backtest: " << error << "\n";
    return 2;
  }
  spec.args.insert(spec.args.end(), forwarded.begin(), forwarded.end());
  if (out_dir.empty())
    out_dir = (std::filesystem::path{"var/sweep"} / std::filesystem::path{file}.stem()).string();
  // The check sees the environment the children get: the sweep file's
  // env names, PATH and HOME.
  auto names = spec.env;
  names.insert(names.end(), {"PATH", "HOME"});
  env_lookup child_env = [names](const char* name) -> const char* {
    for (auto& n : names)
      if (n == name)
        return std::getenv(name);
    return nullptr;
  };
  auto check = [&](const std::string& path) -> std::string {
    auto cfg = load_config_file(path, sections, child_env);
    return cfg ? std::string{} : error_text(cfg.error());
  };
  process_canceller cancel;
  interrupt_scope interrupts{cancel};
  return run_sweep(spec, out_dir, {resolved.string(), "backtest"}, check, out, err, &cancel);
}

} // namespace tn::backtest
