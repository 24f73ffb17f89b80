#include "actors/learner/signal_names.hpp"

#include <array>
#include <utility>

namespace tn {

namespace {

using alias = std::pair<std::string_view, std::string_view>;

// Whole normalised names first, then first words.
constexpr std::array<alias, 4> whole_names{{{"moving_average", "trend"},
                                            {"open_interest", "regime"},
                                            {"long_short_ratio", "regime"},
                                            {"long_short", "regime"}}};

constexpr std::array<alias, 23> first_words{{
  {"trend", "trend"},         {"ema", "trend"},          {"sma", "trend"},
  {"ma", "trend"},            {"momentum", "momentum"},  {"rsi", "momentum"},
  {"macd", "momentum"},       {"roc", "momentum"},       {"stoch", "momentum"},
  {"stochastic", "momentum"}, {"volatility", "volatility"}, {"atr", "volatility"},
  {"bollinger", "volatility"}, {"bb", "volatility"},     {"volume", "volume"},
  {"obv", "volume"},          {"cvd", "volume"},         {"vwap", "volume"},
  {"regime", "regime"},       {"funding", "regime"},     {"oi", "regime"},
  {"derivatives", "regime"},  {"macro", "regime"},
}};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string normalise_signal_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool gap = false;
  for (char c : raw) {
    c = lower(c);
    if (!is_word_char(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty())
      out += '_';
    gap = false;
    out += c;
  }
  for (auto& [name, signal] : whole_names)
    if (out == name)
      return std::string{signal};
  std::string_view first{out};
  first = first.substr(0, first.find('_'));
  for (auto& [word, signal] : first_words)
    if (first == word)
      return std::string{signal};
  return out;
}

} // namespace tn
