#include "runtime/progress.hpp"

#include "runtime/time_format.hpp"

#include <chrono>
#include <cstdio>
#include <string_view>
#include <vector>

namespace tn {

namespace {

constexpr std::string_view price_prefix = "price:";

int64_t counter(const status_report& r, const std::string& name) {
  auto i = r.counters.find(name);
  return i == r.counters.end() ? 0 : i->second;
}

} // namespace

std::string progress_line::render(timestamp at, const status_report* listener,
                                  const status_report* store, const status_report* trader,
                                  const status_report* broker, const status_report* tracker) {
  std::vector<std::string> parts;
  if (listener) {
    auto frames = counter(*listener, "frames");
    std::string rate = "-";
    if (last_at_ && at > *last_at_ && frames >= last_frames_) {
      auto secs = std::chrono::duration<double>(at - *last_at_).count();
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.1f", static_cast<double>(frames - last_frames_) / secs);
      rate = buf;
    }
    last_at_ = at;
    last_frames_ = frames;
    parts.push_back(rate + " frames/s");
    // A stream that is down is the first thing an operator must see.
    if (auto i = listener->facts.find("stream"); i != listener->facts.end() && i->second != "open")
      parts.push_back("STREAM DOWN");
  }
  if (store) {
    std::vector<std::string> prices;
    for (auto& [key, value] : store->facts)
      if (std::string_view{key}.substr(0, price_prefix.size()) == price_prefix)
        prices.push_back(key.substr(price_prefix.size()) + " " + value);
    parts.push_back("symbols " + std::to_string(prices.size()));
    parts.insert(parts.end(), prices.begin(), prices.end());
  }
  if (listener)
    parts.push_back("reconnects " + std::to_string(counter(*listener, "reconnects"))
                    + " malformed " + std::to_string(counter(*listener, "malformed")));
  if (trader)
    parts.push_back("decisions " + std::to_string(counter(*trader, "decisions")) + " (model "
                    + std::to_string(counter(*trader, "decisions.model")) + ", evaluator "
                    + std::to_string(counter(*trader, "decisions.evaluator")) + ")");
  if (broker)
    if (auto i = broker->facts.find("equity"); i != broker->facts.end())
      parts.push_back("equity " + i->second);
  if (tracker)
    parts.push_back("positions " + std::to_string(counter(*tracker, "open")));
  if (parts.empty())
    return {};
  std::string out = "[progress " + format_timestamp_seconds(at) + "]";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? " " : "  ") + parts[i];
  return out;
}

} // namespace tn
