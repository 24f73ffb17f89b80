// exchange-sim: a Binance-compatible exchange on loopback (see --help).

#include "tools/common/serve_until_signal.hpp"
#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/futures_rest.hpp"
#include "tools/exchange-sim/kline_load.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/options.hpp"
#include "tools/exchange-sim/sim_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

using namespace tn::sim;

namespace {

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int fail(const std::string& msg) {
  std::fprintf(stderr, "exchange-sim: %s\n", msg.c_str());
  return 2;
}

/// The market, and the market time its first streamed bar opens at.
std::optional<market> build_market(const sim_options& opts,
                                   const std::vector<symbol_rules>& file_rules,
                                   int64_t& start, std::string& error) {
  const int64_t history_ms = int64_t{opts.history_bars} * minute_ms;
  const int64_t now_minute = wall_now_ms() / minute_ms * minute_ms;
  if (!opts.synthetic.empty()) {
    auto specs = opts.synthetic;
    for (auto& spec : specs)
      for (const auto& r : file_rules)
        if (r.symbol == spec.symbol) {
          spec.tick = r.tick;
          spec.lot = r.lot;
        }
    start = opts.rebase_now ? now_minute : synthetic_epoch_ms;
    market m{synthetic_market{specs, opts.seed, start - history_ms}};
    if (opts.history_bars > 0)
      m.has_bar(0, static_cast<size_t>(opts.history_bars) - 1);
    return m;
  }
  std::vector<kline_series> all;
  for (const auto& spec : opts.data_files) {
    kline_series s;
    if (!load_klines(spec, s, error))
      return std::nullopt;
    all.push_back(std::move(s));
  }
  if (!merge_series(all, error))
    return std::nullopt;
  market m{std::move(all)};
  start = m.first_open() + history_ms;
  if (opts.rebase_now) {
    m.shift(now_minute - start);
    start = now_minute;
  }
  return m;
}

/// The rules of a saved exchangeInfo body for the served symbols; empty
/// path: none.
bool read_rules_file(const std::string& path, const sim_options& opts,
                     std::vector<symbol_rules>& rules, std::string& rate_limits,
                     std::string& error);

/// Each series' entry from `saved` where it fits the data, else `generate`d.
template <class Generate>
std::vector<symbol_rules> rules_for(const market& m, const std::vector<symbol_rules>& saved,
                                    Generate generate, const char* what) {
  std::vector<symbol_rules> rules;
  for (const auto& s : m.series()) {
    auto it = std::find_if(saved.begin(), saved.end(),
                           [&](const symbol_rules& r) { return r.symbol == s.symbol; });
    bool fits = it != saved.end() && rules_fit(*it, s);
    if (it != saved.end() && !fits)
      std::fprintf(stderr, "exchange-sim: %s %s: the data is finer than the saved tick/step sizes; "
                           "serving generated rules\n", what, s.symbol.c_str());
    rules.push_back(fits ? *it : generate(s));
  }
  return rules;
}

std::vector<std::string> wanted_symbols(const sim_options& opts) {
  std::vector<std::string> out;
  for (const auto& s : opts.synthetic)
    out.push_back(s.symbol);
  for (const auto& f : opts.data_files) {
    auto eq = f.find('=');
    out.push_back(symbol_from_path(eq == std::string::npos ? f : f.substr(0, eq)));
  }
  return out;
}

bool read_rules_file(const std::string& path, const sim_options& opts,
                     std::vector<symbol_rules>& rules, std::string& rate_limits,
                     std::string& error) {
  if (path.empty())
    return true;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (in && read_symbol_rules(text.str(), wanted_symbols(opts), rules, rate_limits, error))
    return true;
  error = path + ": " + (error.empty() ? "cannot read" : error);
  return false;
}

} // namespace

int main(int argc, char** argv) {
  sim_options opts;
  std::string error;
  // The key pair a Binance client would use, unless the command line names one.
  for (auto [field, name] : {std::pair{&opts.api_key, "BINANCE_API_KEY"},
                             {&opts.api_secret, "BINANCE_SECRET_KEY"}})
    if (const char* value = std::getenv(name))
      *field = value;
  if (!parse_options({argv + 1, argv + argc}, opts, error))
    return fail(error);
  if (opts.help) {
    std::cout << usage();
    return 0;
  }
  std::vector<symbol_rules> file_rules;
  std::vector<symbol_rules> futures_file_rules;
  std::string rate_limits;
  if (!read_rules_file(opts.exchange_info_file, opts, file_rules, rate_limits, error)
      || !read_rules_file(opts.futures_exchange_info_file, opts, futures_file_rules, rate_limits,
                          error))
    return fail(error);
  int64_t start = 0;
  auto m = build_market(opts, file_rules, start, error);
  if (!m)
    return fail(error);
  auto rules = rules_for(*m, file_rules, generated_rules, "spot");
  auto futures_rules = rules_for(*m, futures_file_rules, generated_futures_rules, "futures");
  size_t symbols = m->series().size();
  return tn::tools::serve_until_signal(
      "exchange-sim", opts.host,
      [&](tn::net::io_thread& io) {
        // It states the limits it enforces, not the saved body's.
        return sim_server{io, opts, std::move(*m),
                          exchange_info{std::move(rules), render_rate_limits(opts.weights)},
                          exchange_info{std::move(futures_rules),
                                        render_futures_rate_limits(opts.weights)},
                          start};
      },
      [&](const sim_server& server) {
        std::fprintf(stderr,
                     "exchange-sim: %zu symbol(s), first streamed bar opens at %lld ms, "
                     "speed %g, %s on %s:%u\n",
                     symbols, static_cast<long long>(start), opts.speed,
                     opts.tls_cert.empty() ? "http/ws" : "https/wss", opts.host.c_str(),
                     server.port());
      });
}
