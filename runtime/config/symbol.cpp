#include "runtime/config/symbol.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace tn {

namespace {

// Quote assets Binance lists pairs against. Sorted longest first so that
// e.g. BNBFDUSD splits at FDUSD and ETHTUSD at TUSD, not at a shorter tail.
constexpr std::array<std::string_view, 30> quote_assets = {
  "FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USDP", "BIDR", "IDRT", "AEUR",
  "DOGE",  "BTC",  "ETH",  "BNB",  "EUR",  "TRY",  "BRL",  "GBP",  "AUD",
  "JPY",   "RUB",  "UAH",  "ZAR",  "PLN",  "RON",  "ARS",  "MXN",  "COP",
  "DAI",   "XRP",  "TRX",
};

constexpr bool longest_first() {
  for (std::size_t i = 1; i < quote_assets.size(); ++i)
    if (quote_assets[i - 1].size() < quote_assets[i].size())
      return false;
  return true;
}
static_assert(longest_first(), "quote_assets must be sorted longest first");

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

} // namespace

std::string to_exchange_symbol(std::string_view symbol) {
  symbol = symbol.substr(0, symbol.find(':'));
  std::string out;
  out.reserve(symbol.size());
  for (char c : symbol)
    if (c != '/')
      out.push_back(upper(c));
  return out;
}

std::string to_unified_symbol(std::string_view exchange_symbol, market_kind market) {
  for (auto quote : quote_assets) {
    if (exchange_symbol.size() > quote.size() && ends_with(exchange_symbol, quote)) {
      auto base = exchange_symbol.substr(0, exchange_symbol.size() - quote.size());
      std::string out{base};
      out += '/';
      out += quote;
      if (market == market_kind::futures) {
        out += ':';
        out += quote;
      }
      return out;
    }
  }
  return std::string{exchange_symbol};
}

bool is_valid_exchange_symbol(std::string_view exchange_symbol) {
  if (exchange_symbol.size() < 5 || exchange_symbol.size() > 20)
    return false;
  return std::all_of(exchange_symbol.begin(), exchange_symbol.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

} // namespace tn
