#include "runtime/node_args.hpp"

namespace tn {

const char* const node_usage = "usage: tradenode [--config FILE] [--check-config] [--help] [--version]\n"
                               "       tradenode regime --data FILE [--last N]\n"
                               "       tradenode backtest --config FILE [--data FILE...] [--from T]\n"
                               "                          [--to T] [--out DIR] [--yes]\n"
                               "       tradenode backtest --sweep FILE [--out DIR] [backtest options]\n"
                               "  --config FILE   YAML config (default: the embedded default config); one\n"
                               "                  with node.mode: backtest is refused (run `backtest`)\n"
                               "  --check-config  validate the config, print the result, exit\n"
                               "  --help          this text\n"
                               "  --version       print the version\n"
                               "  regime          fit the regime detector's model to a daily kline\n"
                               "                  file and print it as JSON (tradenode regime --help)\n"
                               "  backtest        replay kline files through the node in replay time and\n"
                               "                  write report.html, report.json and trades.csv; --sweep runs\n"
                               "                  a grid of config overrides (tradenode backtest --help)\n"
                               "Stops cleanly on SIGINT/SIGTERM. Exit codes: 0 ok, 1 runtime failure,\n"
                               "2 bad config or usage.\n";

bool parse_node_args(const std::vector<std::string>& args, node_args& out, std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--version") {
      out.version = true;
    } else if (arg == "--check-config") {
      out.check_config = true;
    } else if (arg == "--config") {
      if (i + 1 == args.size()) {
        error = "--config needs a file name";
        return false;
      }
      out.config_path = args[++i];
    } else if (arg.rfind("--config=", 0) == 0 && arg.size() > 9) {
      out.config_path = arg.substr(9);
    } else {
      error = "unknown argument: " + arg;
      return false;
    }
  }
  return true;
}

} // namespace tn
