#include "runtime/event_log.hpp"

#include "runtime/time_format.hpp"

#include <algorithm>

namespace tn {

event_log::event_log(uint32_t per_topic) : per_topic_(std::max<uint32_t>(per_topic, 1)) {
}

void event_log::add(event e) {
  ++total_;
  auto& ring = rings_[e.topic];
  if (ring.size() == per_topic_)
    ring.pop_front();
  ring.push_back(std::move(e));
}

std::vector<event> event_log::query(const std::string& topic) const {
  std::vector<event> result;
  if (!topic.empty()) {
    if (auto i = rings_.find(topic); i != rings_.end())
      result.assign(i->second.begin(), i->second.end());
    return result;
  }
  for (auto& [name, ring] : rings_)
    result.insert(result.end(), ring.begin(), ring.end());
  std::stable_sort(result.begin(), result.end(),
                   [](const event& x, const event& y) { return x.ts < y.ts; });
  return result;
}

size_t event_log::topics() const {
  return rings_.size();
}

uint64_t event_log::total() const {
  return total_;
}

std::string format_event_line(const event& e, std::optional<timestamp> wall) {
  auto line = format_timestamp(e.ts);
  if (wall && (*wall - e.ts >= std::chrono::seconds{1} || e.ts - *wall >= std::chrono::seconds{1}))
    line += " (wall " + format_timestamp_seconds(*wall) + ")";
  line += " " + e.topic + " " + to_string(e.level) + " " + e.text;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\r', ' ');
  return line;
}

bool line_filter::shows(const event& e) {
  if (e.level >= severity::warning)
    return true;
  ++held_;
  ++per_topic_[e.topic];
  return false;
}

std::string line_filter::summary() const {
  if (held_ == 0)
    return {};
  auto out = std::to_string(held_) + " info lines not shown (";
  bool first = true;
  for (auto& [topic, n] : per_topic_) {
    if (!first)
      out += ", ";
    first = false;
    out += topic + ": " + std::to_string(n);
  }
  return out + "; every event is in the journal)";
}

} // namespace tn
