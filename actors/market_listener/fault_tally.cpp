#include "actors/market_listener/fault_tally.hpp"

#include <fmt/format.h>

namespace tn {

namespace {

constexpr size_t max_detail = 120;

std::string shortened(const std::string& text) {
  return text.size() <= max_detail ? text : text.substr(0, max_detail) + "...";
}

} // namespace

std::optional<std::string> fault_tally::record(timestamp now, const std::string& what,
                                               const std::string& detail) {
  auto [i, fresh] = kinds_.try_emplace(what, kind{now, 1, detail});
  auto& k = i->second;
  if (!fresh && now - k.since < period_) {
    ++k.count;
    k.last = detail;
    return std::nullopt;
  }
  k = kind{now, 1, detail};
  return what + ": " + shortened(detail);
}

std::vector<std::string> fault_tally::flush(timestamp now) {
  std::vector<std::string> lines;
  for (auto i = kinds_.begin(); i != kinds_.end();) {
    auto& k = i->second;
    if (now - k.since < period_) {
      ++i;
      continue;
    }
    if (k.count > 1)
      lines.push_back(fmt::format("{} x{} in {} s: {}", i->first, k.count,
                                  std::chrono::duration_cast<std::chrono::seconds>(period_).count(),
                                  shortened(k.last)));
    i = kinds_.erase(i);
  }
  return lines;
}

} // namespace tn
