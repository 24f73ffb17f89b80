#pragma once

// One entry of the node's service table. The table is filled outside the
// kernel (actors/services.cpp), one entry per service, each made by the
// service's own folder; the kernel adds its own services (journal, event
// log, clock, watchdog, heartbeat, progress) in front and supervises them
// all.

#include "runtime/config/config_section.hpp"
#include "runtime/service.hpp"

#include <functional>
#include <string>
#include <vector>

namespace tn {

struct node_service {
  /// Name, peers, factory and flags, as the supervisor runs it. Services
  /// start in table order, after the kernel's, and stop in reverse.
  service_spec spec;
  /// Services started before it that get its handle as if they listed it
  /// among their peers: "clock" for a time listener; "progress" and
  /// "watchdog" for the services they know by name.
  std::vector<std::string> announced_to;
  /// Whether the node runs it under `cfg`; empty: always.
  std::function<bool(const node_config&)> runs;
  /// Its config section, read in every mode; an empty name: none.
  config_section section;
  /// Further top-level sections it reads (the tracker: "execution").
  std::vector<config_section> more_sections;
  /// Its lines of the start-up summary; empty: none.
  std::function<std::vector<std::string>(const node_config&)> summary;
};

/// For node_service::runs: a service fed by live market data, which a
/// backtest replays instead.
inline bool runs_on_live_market(const node_config& cfg) {
  return cfg.node.mode != run_mode::backtest;
}

/// The config sections of `table`, for load_config_file.
inline std::vector<config_section> config_sections(const std::vector<node_service>& table) {
  std::vector<config_section> result;
  for (auto& service : table) {
    if (!service.section.name.empty())
      result.push_back(service.section);
    result.insert(result.end(), service.more_sections.begin(), service.more_sections.end());
  }
  return result;
}

} // namespace tn
