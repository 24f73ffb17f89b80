#include "actors/market_listener/stream_url.hpp"

#include <cctype>

namespace tn {

std::string kline_stream_url(const exchange_section& cfg, const std::vector<std::string>& symbols) {
  auto result = cfg.ws_url;
  while (!result.empty() && result.back() == '/')
    result.pop_back();
  result += cfg.market == market_kind::futures ? "/market/stream?streams=" : "/stream?streams=";
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0)
      result += '/';
    for (char c : symbols[i])
      result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result += "@kline_1m";
  }
  return result;
}

} // namespace tn
