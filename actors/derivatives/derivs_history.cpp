#include "actors/derivatives/derivs_history.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tn {

namespace {

bool read_text(const std::string& path, std::string& out, std::string& error) {
  std::ifstream f{path, std::ios::binary};
  if (!f) {
    error = "cannot read " + path;
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

template <class T>
std::optional<std::pair<timestamp, timestamp>> span_of(const std::map<std::string, std::vector<T>>& m,
                                                       const std::string& symbol) {
  auto i = m.find(symbol);
  if (i == m.end() || i->second.empty())
    return std::nullopt;
  return std::pair{i->second.front().time, i->second.back().time};
}

/// The index past the last element of `v` with time <= t.
template <class T>
size_t upto(const std::vector<T>& v, timestamp t) {
  return static_cast<size_t>(
    std::upper_bound(v.begin(), v.end(), t, [](timestamp x, const T& e) { return x < e.time; })
    - v.begin());
}

/// The rows of `symbol` in `by_symbol` (null when it has none) and how many
/// of them are as of `t`.
template <class Map>
std::pair<const typename Map::mapped_type*, size_t> as_of(const Map& by_symbol,
                                                        const std::string& symbol, timestamp t) {
  auto i = by_symbol.find(symbol);
  if (i == by_symbol.end())
    return {nullptr, 0};
  return {&i->second, upto(i->second, t)};
}

/// The last `limit` rows of `symbol` in `by_symbol` with time <= t, oldest
/// first.
template <class Map>
typename Map::mapped_type last_as_of(const Map& by_symbol, const std::string& symbol, timestamp t,
                                     size_t limit) {
  auto [rows, n] = as_of(by_symbol, symbol, t);
  if (n == 0)
    return {};
  auto first = n > limit ? n - limit : 0;
  return {rows->begin() + static_cast<std::ptrdiff_t>(first),
          rows->begin() + static_cast<std::ptrdiff_t>(n)};
}

} // namespace

std::string derivs_spec_symbol(const std::string& spec, std::string& path) {
  auto eq = spec.find('=');
  std::string symbol;
  if (eq != std::string::npos && spec.find('/') > eq) {
    symbol = spec.substr(0, eq);
    path = spec.substr(eq + 1);
  } else {
    path = spec;
    auto slash = spec.find_last_of('/');
    auto base = slash == std::string::npos ? spec : spec.substr(slash + 1);
    symbol = base.substr(0, base.find('-'));
  }
  if (symbol.empty() || !std::all_of(symbol.begin(), symbol.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      }))
    return {};
  return symbol;
}

bool derivs_history::load(const std::vector<std::string>& funding,
                          const std::vector<std::string>& open_interest,
                          const std::vector<std::string>& long_short, std::string& error) {
  enum kind { funding_file, oi_file, ratio_file };
  const std::pair<const std::vector<std::string>*, kind> lists[] = {
    {&funding, funding_file}, {&open_interest, oi_file}, {&long_short, ratio_file}};
  for (auto [specs, k] : lists) {
    static constexpr const char* names[] = {"funding", "open interest", "long/short ratio"};
    for (auto& spec : *specs) {
      std::string path;
      auto symbol = derivs_spec_symbol(spec, path);
      if (symbol.empty()) {
        error = spec + ": no symbol (name the file SYMBOL-... or write SYMBOL=path)";
        return false;
      }
      bool second = k == funding_file ? has_funding(symbol)
                    : k == oi_file    ? has_open_interest(symbol)
                                      : has_long_short(symbol);
      if (second) {
        error = spec + ": a second " + names[k] + " file for " + symbol;
        return false;
      }
      std::string text;
      if (!read_text(path, text, error))
        return false;
      if (k == funding_file) {
        std::vector<funding_event> events;
        if (!parse_funding_file(text, path, events, error))
          return false;
        add_funding(symbol, std::move(events));
      } else if (k == oi_file) {
        std::vector<oi_point> points;
        if (!parse_open_interest_file(text, path, points, error))
          return false;
        add_open_interest(symbol, std::move(points));
      } else {
        std::vector<long_short_point> points;
        if (!parse_long_short_file(text, path, points, error))
          return false;
        add_long_short(symbol, std::move(points));
      }
    }
  }
  return true;
}

void derivs_history::add_funding(const std::string& symbol, std::vector<funding_event> events) {
  funding_[symbol] = std::move(events);
}

void derivs_history::add_open_interest(const std::string& symbol, std::vector<oi_point> points) {
  oi_[symbol] = std::move(points);
}

void derivs_history::add_long_short(const std::string& symbol,
                                    std::vector<long_short_point> points) {
  ratio_[symbol] = std::move(points);
}

std::vector<std::string> derivs_history::symbols() const {
  std::vector<std::string> out;
  for (auto& [s, _] : funding_)
    out.push_back(s);
  for (auto& [s, _] : oi_)
    out.push_back(s);
  for (auto& [s, _] : ratio_)
    out.push_back(s);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<funding_event> derivs_history::funding_at(const std::string& symbol,
                                                        timestamp t) const {
  auto [rows, n] = as_of(funding_, symbol, t);
  if (n == 0)
    return std::nullopt;
  return (*rows)[n - 1];
}

const std::vector<funding_event>& derivs_history::funding_events(const std::string& symbol) const {
  static const std::vector<funding_event> none;
  auto i = funding_.find(symbol);
  return i == funding_.end() ? none : i->second;
}

std::optional<timestamp> derivs_history::next_funding(const std::string& symbol,
                                                      timestamp t) const {
  auto [rows, n] = as_of(funding_, symbol, t);
  if (n == 0)
    return std::nullopt;
  using std::chrono::hours;
  auto hour_of = [](timestamp x) {
    return timestamp{std::chrono::duration_cast<timespan>(
      std::chrono::floor<hours>(x.time_since_epoch()))};
  };
  auto last = (*rows)[n - 1].time;
  timespan interval = hours{8};
  if (n >= 2) {
    auto gap = std::chrono::round<hours>(last - (*rows)[n - 2].time);
    if (gap > hours{0})
      interval = gap;
  }
  return hour_of(last) + interval;
}

std::vector<oi_point> derivs_history::open_interest_at(const std::string& symbol, timestamp t,
                                                       size_t limit) const {
  return last_as_of(oi_, symbol, t, limit);
}

std::vector<long_short_point> derivs_history::long_short_at(const std::string& symbol,
                                                            timestamp t, size_t limit) const {
  return last_as_of(ratio_, symbol, t, limit);
}

std::optional<std::pair<timestamp, timestamp>>
derivs_history::funding_span(const std::string& symbol) const {
  return span_of(funding_, symbol);
}

std::optional<std::pair<timestamp, timestamp>>
derivs_history::open_interest_span(const std::string& symbol) const {
  return span_of(oi_, symbol);
}

std::optional<std::pair<timestamp, timestamp>>
derivs_history::long_short_span(const std::string& symbol) const {
  return span_of(ratio_, symbol);
}

} // namespace tn
