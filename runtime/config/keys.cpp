#include "runtime/config/keys.hpp"

#include <algorithm>
#include <array>
#include <numeric>

namespace tn {

namespace {

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> words(std::string_view key) {
  std::vector<std::string> out;
  auto s = lower(key);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '_' || s[i] == '-' || s[i] == '.') {
      if (i > start)
        out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_key(std::string_view key, const std::vector<std::string_view>& known,
                        std::size_t max_distance) {
  std::string best;
  auto best_distance = max_distance + 1;
  for (auto candidate : known) {
    auto d = edit_distance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string{candidate};
    }
  }
  return best;
}

bool looks_like_secret(std::string_view key) {
  static constexpr std::array<std::string_view, 7> secret_words = {
    "secret", "token", "password", "passwd", "passphrase", "apikey", "credentials",
  };
  static constexpr std::array<std::string_view, 3> secret_pairs_first = {"api", "private",
                                                                         "access"};
  auto ws = words(key);
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (std::find(secret_words.begin(), secret_words.end(), ws[i]) != secret_words.end())
      return true;
    bool pair_start = std::find(secret_pairs_first.begin(), secret_pairs_first.end(), ws[i])
                      != secret_pairs_first.end();
    if (pair_start && i + 1 < ws.size() && ws[i + 1] == "key")
      return true;
  }
  return false;
}

const char* secret_env_hint(std::string_view key_path) {
  auto path = lower(key_path);
  if (contains(path, "anthropic") || contains(path, "agent") || contains(path, "llm"))
    return "ANTHROPIC_API_KEY";
  if (contains(path, "secret"))
    return "BINANCE_SECRET_KEY";
  return "BINANCE_API_KEY";
}

} // namespace tn
