#pragma once

// The tradenode process: command line, config, signals, and the supervisor
// with the node's service table.

#include "runtime/service.hpp"

#include <memory>
#include <vector>

namespace tn {

class clock;

/// The services of a node, in start order, reading time from `source`.
std::vector<service_spec> node_services(const node_config& cfg,
                                        std::shared_ptr<const clock> source);

/// Runs `tradenode` with its command line; returns the exit code: 0 after a
/// clean stop (SIGINT/SIGTERM), 1 when the node failed, 2 for a bad config
/// or command line.
int run_node(int argc, char** argv);

} // namespace tn
