#pragma once

// A service's answer to a status query built from its counters: what the
// actor shells count is unsigned, what the report carries is int64.

#include "messages/events.hpp"

#include <cstdint>
#include <initializer_list>
#include <utility>

namespace tn {

/// Named counts, as an actor shell lists them.
using counter_list = std::initializer_list<std::pair<const char*, uint64_t>>;

/// Sets each of `counters` in `r` by name.
inline void add_counters(status_report& r, counter_list counters) {
  for (auto& [name, value] : counters)
    r.counters[name] = static_cast<int64_t>(value);
}

/// A status report of `service` with `counters`; facts are the caller's to
/// add.
inline status_report counters_report(const char* service, counter_list counters) {
  status_report r;
  r.service = service;
  add_counters(r, counters);
  return r;
}

} // namespace tn
