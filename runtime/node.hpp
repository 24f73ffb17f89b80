#pragma once

// The tradenode process: command line, config, signals, and the supervisor
// with the kernel's services and the node's service table.

#include "runtime/service_table.hpp"

#include <caf/expected.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn {

class clock;
class journal_db;

/// The config at `path` (empty: the embedded default) with the sections of
/// `table`.
caf::expected<node_config> load_node_config(const std::string& path,
                                            const std::vector<node_service>& table);

/// The start-up summary of `cfg` (read from `source`): the kernel's lines,
/// then those of `table`'s services.
std::vector<std::string> node_summary(const node_config& cfg, const std::string& source,
                                      const std::vector<node_service>& table);

/// The services of a node, in start order: the kernel's, reading time from
/// `source`, then those of `table` that run under `cfg`. The journal's first
/// start takes over `journal` when given (the node opened it before any
/// service); a restart opens the file again.
std::vector<service_spec> node_services(const node_config& cfg,
                                        const std::vector<node_service>& table,
                                        std::shared_ptr<const clock> source,
                                        std::shared_ptr<journal_db> journal = nullptr);

/// Runs `tradenode` with its command line and the services of `table`;
/// returns the exit code: 0 after a clean stop (SIGINT/SIGTERM), 1 when the
/// node failed, 2 for a bad config or command line.
int run_node(int argc, char** argv, const std::vector<node_service>& table);

} // namespace tn
