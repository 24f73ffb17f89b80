#include "tools/exchange-sim/assets.hpp"

namespace tn::sim {

namespace {

// Longest first, so "FDUSD" wins over "USD"-like shorter suffixes.
constexpr std::string_view quote_assets[] = {"FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC",
                                             "ETH",   "BNB",  "EUR",  "TRY",  "DAI"};

struct asset_price {
  std::string_view asset;
  double usd;
};

constexpr asset_price known_prices[] = {
  {"USDT", 1},  {"USDC", 1},    {"FDUSD", 1},  {"BUSD", 1},   {"TUSD", 1},  {"DAI", 1},
  {"EUR", 1.1}, {"TRY", 0.03},  {"BTC", 60000}, {"ETH", 3000}, {"BNB", 600}, {"SOL", 150},
  {"XRP", 0.6}, {"ADA", 0.45},  {"DOGE", 0.15}, {"AVAX", 35},  {"LINK", 15}, {"DOT", 7},
  {"LTC", 80},  {"TRX", 0.12},  {"NEAR", 3.5},  {"FIL", 6},    {"ALGO", 0.2},
};

} // namespace

std::pair<std::string, std::string> split_symbol(std::string_view symbol) {
  for (auto q : quote_assets)
    if (symbol.size() > q.size() && symbol.substr(symbol.size() - q.size()) == q)
      return {std::string{symbol.substr(0, symbol.size() - q.size())}, std::string{q}};
  auto cut = symbol.size() > 3 ? 3 : symbol.size();
  return {std::string{symbol.substr(0, cut)}, std::string{symbol.substr(cut)}};
}

double usd_value(std::string_view asset) {
  for (const auto& p : known_prices)
    if (p.asset == asset)
      return p.usd;
  return 0;
}

} // namespace tn::sim
