#pragma once

// The console over the network: both ends (the node and tradectl) load the
// middleman the same way; the node publishes the console, tradectl
// connects to it.

#include "messages/actors.hpp"
#include "runtime/config/config.hpp"

#include <caf/fwd.hpp>

#include <cstdint>
#include <string>

namespace tn {

/// Loads caf::io's middleman, and caf::openssl with `tls`'s files when TLS
/// is enabled. Both ends send heartbeats, so each notices a dead or frozen
/// peer within a few seconds.
void prepare_remote(caf::actor_system_config& cfg, const console_tls& tls);

/// Spawns the console over `supervisor` and publishes it on
/// `section.host:section.port` (TLS when configured). The token comes from
/// the environment variable `section.auth_env`. Fails with
/// ec::invalid_config when a TLS file is unreadable, or with CAF's error
/// when the port cannot be opened; nothing is left running then.
caf::expected<console_actor> start_console(caf::actor_system& sys, const console_section& section,
                                           supervisor_actor supervisor, std::string version);

/// Connects to the console at host:port (TLS when `tls` is enabled); fails
/// when nothing answers there or the peer speaks another interface.
caf::expected<console_actor> connect_console(caf::actor_system& sys, const std::string& host,
                                             uint16_t port, const console_tls& tls);

} // namespace tn
