#pragma once

// Events: what happened in the node, kept per topic by the event log and
// shown by the console.

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <map>
#include <string>
#include <vector>

namespace tn {

enum class severity : uint8_t { debug = 0, info, warning, error };

inline const char* to_string(severity x) {
  switch (x) {
    case severity::debug: return "debug";
    case severity::info: return "info";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "?";
}

/// One event. `topic` groups events ("supervisor", "market", "watchdog"...).
struct event {
  timestamp ts;
  std::string topic;
  severity level = severity::info;
  std::string text;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, event& x) {
  return f(caf::meta::type_name("event"), x.ts, x.topic, x.level, x.text);
}

/// A service's answer to a status query: named counters and named facts.
struct status_report {
  std::string service;
  std::map<std::string, int64_t> counters;
  std::map<std::string, std::string> facts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_report& x) {
  return f(caf::meta::type_name("status_report"), x.service, x.counters, x.facts);
}

} // namespace tn
