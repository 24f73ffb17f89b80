#include "actors/regime/regime_cli.hpp"

#include "actors/regime/kline_file.hpp"
#include "runtime/json/json_writer.hpp"
#include "runtime/time_format.hpp"

#include <charconv>
#include <ostream>

namespace tn {

const char* const regime_usage =
  "usage: tradenode regime --data FILE [--last N]\n"
  "Fits the regime detector's model (a 2-state Gaussian HMM, Baum-Welch from\n"
  "5 seeded starts, the best log-likelihood kept) to the daily log returns of\n"
  "a kline file and prints one JSON object: loglik, iterations, converged,\n"
  "observations, from, to, means, variances, transition_matrix (states\n"
  "ordered low_vol, high_vol), filtered_last ({low_vol, high_vol}: the\n"
  "filtered probability at the last return) and regime.\n"
  "  --data FILE  daily klines: a Binance dump CSV (spot or futures) or a\n"
  "               /api/v3/klines JSON body. The last bar of a JSON body is\n"
  "               dropped: the body does not say whether it was still open.\n"
  "               The days must follow each other without a gap.\n"
  "  --last N     fit only the newest N returns (at least 10)\n"
  "Exit codes: 0 ok, 1 unreadable file or too little data, 2 usage.\n";

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

std::string day_text(timestamp t) {
  return format_timestamp_seconds(t).substr(0, 10);
}

json_writer& pair_value(json_writer& w, const std::array<double, 2>& x) {
  return w.begin_array().value(x[0]).value(x[1]).end_array();
}

} // namespace

bool parse_regime_args(const std::vector<std::string>& args, regime_cli_args& out,
                       std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg != "--data" && arg != "--last") {
      error = "regime: unknown argument: " + arg;
      return false;
    }
    if (i + 1 == args.size() || args[i + 1].empty()) {
      error = "regime: " + arg + " needs a value";
      return false;
    }
    auto& value = args[++i];
    if (arg == "--data") {
      out.data = value;
      continue;
    }
    auto end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, out.last);
    if (ec != std::errc{} || ptr != end || out.last < min_hmm_observations) {
      error = "regime: --last needs a whole number of at least "
              + std::to_string(min_hmm_observations) + ", got '" + value + "'";
      return false;
    }
  }
  if (!out.help && out.data.empty()) {
    error = "regime: --data FILE is required";
    return false;
  }
  return true;
}

std::string regime_json(const hmm_fit& fit, const std::string& from, const std::string& to) {
  auto& p = fit.params;
  json_writer w;
  w.begin_object();
  w.key("loglik").value(fit.loglik);
  w.key("iterations").value(static_cast<int64_t>(fit.iterations));
  w.key("converged").value(fit.converged);
  w.key("observations").value(static_cast<int64_t>(fit.observations));
  w.key("from").value(from);
  w.key("to").value(to);
  pair_value(w.key("means"), p.mean);
  pair_value(w.key("variances"), p.variance);
  w.key("transition_matrix").begin_array();
  pair_value(w, p.transition[0]);
  pair_value(w, p.transition[1]);
  w.end_array();
  w.key("filtered_last").begin_object();
  w.key(regime_labels[0]).value(fit.filtered_last[0]);
  w.key(regime_labels[1]).value(fit.filtered_last[1]);
  w.end_object();
  w.key("regime").value(fit.regime());
  w.end_object();
  return w.take();
}

int run_regime_command(const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err) {
  regime_cli_args parsed;
  std::string error;
  if (!parse_regime_args(args, parsed, error)) {
    err << "tradenode: " << error << "\n" << regime_usage;
    return exit_usage;
  }
  if (parsed.help) {
    out << regime_usage;
    return exit_ok;
  }
  daily_file file;
  if (!read_daily_klines(parsed.data, file, error)) {
    err << "tradenode: regime: " << error << std::endl;
    return exit_failure;
  }
  auto returns = newest_log_returns(file.closes, parsed.last);
  if (returns.size() < min_hmm_observations
      || (parsed.last != 0 && returns.size() < parsed.last)) {
    err << "tradenode: regime: " << parsed.data << " gives " << returns.size()
        << " daily returns; the fit needs "
        << std::max<size_t>(min_hmm_observations, parsed.last) << std::endl;
    return exit_failure;
  }
  auto fit = fit_hmm(returns, hmm_options{});
  // The first return used is that of the day after its earlier close.
  auto& closes = file.closes;
  auto from = day_text(closes[closes.size() - 1 - returns.size()].day);
  out << regime_json(fit, from, day_text(closes.back().day)) << std::endl;
  return exit_ok;
}

} // namespace tn
