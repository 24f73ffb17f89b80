#pragma once
#include "runtime/config/config.hpp"
#include <caf/fwd.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>
namespace tn {
namespace net { class io_thread; }
class external_calls;
/// What a service factory gets.
struct service_context {
  caf::actor_system& sys;
  const node_config& cfg;
  net::io_thread* io; // null in backtest mode
  /// A backtest's bridge for results that arrive on foreign threads
  /// (runtime/external_calls.hpp); null outside a backtest.
  std::shared_ptr<external_calls> external = nullptr;
};
/// A supervised service: its name, the services whose handles it is given
/// (announced at start and after each restart of that peer), and its factory.
struct service_spec {
  std::string name;
  std::vector<std::string> peers;
  std::function<caf::expected<caf::actor>(service_context&)> spawn;
  /// The clock service: restarted without backoff, because the backoff
  /// would be measured in the time it sends.
  bool time_source = false;
  /// Position protection (the position tracker): when the node stops it
  /// stops after every other service except its peers, which it needs
  /// until it is down.
  bool protects_positions = false;
};
/// Whether actors that block (the journal's disk writes, the heartbeat file,
/// the regime fits) get threads of their own. Not in a backtest: there every
/// actor runs on the deterministic scheduler, so the order of every message
/// is fixed and the driver sees the pipeline idle once it has run it.
inline bool own_threads(const node_config& cfg) {
  return cfg.node.mode != run_mode::backtest;
}
}
