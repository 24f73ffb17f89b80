#include "runtime/startup_summary.hpp"

#include "runtime/config/destination.hpp"

namespace tn {

namespace {

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (auto& x : xs)
    out += (out.empty() ? "" : ", ") + x;
  return out;
}

/// Why a user should care where the exchange URLs point.
std::string exchange_note(const node_config& cfg) {
  auto where = classify_exchange_host(url_host(cfg.exchange.rest_url));
  switch (where) {
    case exchange_destination::loopback: return "this machine (e.g. tools/exchange-sim)";
    case exchange_destination::test: return "a Binance testnet/demo host, virtual funds";
    case exchange_destination::live:
      return cfg.node.mode == run_mode::live ? "the real exchange: REAL MONEY"
                                             : "the real exchange, market data only";
  }
  return "";
}

} // namespace

std::vector<std::string> startup_summary(const node_config& cfg, const std::string& source) {
  std::vector<std::string> lines;
  lines.push_back(std::string{"mode "} + to_string(cfg.node.mode) + ", config " + source
                  + ", node " + cfg.node.name);
  if (cfg.node.mode != run_mode::backtest)
    lines.push_back(std::string{"exchange: "} + to_string(cfg.exchange.market) + ", REST "
                    + cfg.exchange.rest_url + ", streams " + cfg.exchange.ws_url + " ("
                    + exchange_note(cfg) + ")");
  lines.push_back("symbols: " + join(cfg.market.symbols));
  return lines;
}

} // namespace tn
