#include "tools/tradectl/render.hpp"

#include "runtime/event_log.hpp"

#include <algorithm>

namespace tn {

namespace {

std::string pad(std::string text, size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

std::string pad_left(const std::string& text, size_t width) {
  return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

} // namespace

std::string render_status(const std::vector<status_report>& reports) {
  std::string out;
  for (auto& r : reports) {
    out += r.service + "\n";
    size_t width = 0;
    for (auto& kv : r.counters)
      width = std::max(width, kv.first.size());
    for (auto& kv : r.facts)
      width = std::max(width, kv.first.size());
    for (auto& [key, value] : r.counters)
      out += "  " + pad(key, width) + "  " + std::to_string(value) + "\n";
    for (auto& [key, value] : r.facts)
      out += "  " + pad(key, width) + "  " + value + "\n";
  }
  return out;
}

std::string render_actors(const std::vector<service_row>& rows) {
  size_t name_width = 4;
  size_t state_width = 5;
  for (auto& r : rows) {
    name_width = std::max(name_width, r.name.size());
    state_width = std::max(state_width, r.state.size());
  }
  std::string out = pad("NAME", name_width) + "  " + pad("STATE", state_width)
                    + "  RESTARTS  LAST ERROR\n";
  for (auto& r : rows)
    out += pad(r.name, name_width) + "  " + pad(r.state, state_width) + "  "
           + pad_left(std::to_string(r.restarts), 8) + "  "
           + (r.last_error.empty() ? "-" : r.last_error) + "\n";
  return out;
}

std::string render_events(const std::vector<event>& events) {
  if (events.empty())
    return "(no events)\n";
  std::string out;
  for (auto& e : events)
    out += format_event_line(e) + "\n";
  return out;
}

} // namespace tn
