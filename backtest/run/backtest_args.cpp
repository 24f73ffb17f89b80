#include "backtest/run/backtest_args.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace tn::backtest {

const char* const backtest_usage =
  "usage: tradenode backtest --config FILE [--data FILE...] [--from T] [--to T] [--out DIR]\n"
  "                          [--yes]\n"
  "  --config FILE  YAML config with node.mode: backtest (e.g. configs/backtest.yaml);\n"
  "                 needed: a config of another mode is refused (exit code 2)\n"
  "  --data FILE... kline files to replay instead of backtest.data: Binance dump\n"
  "                 CSVs (spot or futures_um) or /api/v3/klines JSON; the symbol\n"
  "                 from the file name (BTCUSDT-1m-2025-07-13.csv) or SYMBOL=FILE;\n"
  "                 a path containing futures_um replays futures; a futures\n"
  "                 run's funding, open interest and long/short ratio files\n"
  "                 (backtest.funding, backtest.open_interest,\n"
  "                 backtest.long_short_ratio) stay as the config names them\n"
  "  --from T       first bar's open time, UTC: YYYY-MM-DD[THH:MM[:SS]][Z];\n"
  "                 earlier bars are the warm-up history (default: the data's start)\n"
  "  --to T         last bar's close time, UTC (default: the data's end)\n"
  "  --out DIR      where report.html, report.json, trades.csv (a futures run:\n"
  "                 also funding.csv, one row per funding payment) and the run's\n"
  "                 journal go\n"
  "                 (default: backtest.out); the journal starts afresh; when a\n"
  "                 model decided (agent.backtest cache or live), the same data\n"
  "                 with agent.backtest off runs again into DIR/evaluator-only\n"
  "                 for the report's evaluator-only comparison (a run the\n"
  "                 evaluator decided is its own comparison, run once)\n"
  "  --yes          agent.backtest live: start the model calls without asking\n"
  "                 (the estimated calls and cost are still shown)\n"
  "Replays the files minute by minute through the node's services in replay\n"
  "time; the paper broker fills. Exit codes: 0 ok, 1 failure, 2 bad config or usage.\n";

bool parse_backtest_args(const std::vector<std::string>& args, backtest_args& out,
                         std::string& error) {
  auto value = [&](size_t& i, std::string& into) {
    if (i + 1 == args.size() || args[i + 1].rfind("--", 0) == 0) {
      error = args[i] + " needs a value";
      return false;
    }
    into = args[++i];
    return true;
  };
  // The options that take one value, and where it goes.
  const std::pair<const char*, std::string*> valued[] = {
    {"--config", &out.config_path}, {"--from", &out.from}, {"--to", &out.to}, {"--out", &out.out}};
  for (size_t i = 0; i < args.size(); ++i) {
    auto& arg = args[i];
    auto into = std::find_if(std::begin(valued), std::end(valued),
                             [&](auto& option) { return arg == option.first; });
    if (into != std::end(valued)) {
      if (!value(i, *into->second))
        return false;
    } else if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--yes") {
      out.yes = true;
    } else if (arg == "--data") {
      size_t before = out.data.size();
      while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
        out.data.push_back(args[++i]);
      if (out.data.size() == before) {
        error = "--data needs at least one file";
        return false;
      }
    } else {
      error = "unknown argument: " + arg;
      return false;
    }
  }
  if (!out.help && out.config_path.empty()) {
    error = "--config FILE is needed: a config with node.mode: backtest "
            "(e.g. configs/backtest.yaml)";
    return false;
  }
  return true;
}

} // namespace tn::backtest
