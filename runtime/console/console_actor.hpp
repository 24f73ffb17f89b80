#pragma once

// The console service: answers tradectl's requests by asking the
// supervisor, the event log and the journal. Not a supervised service: it
// is the node's front door and must stay reachable while services restart.
//
// Access. The console listens on loopback by default; any other address
// needs, by config validation, mutual TLS (both ends present certificates
// of the configured CA) and a token. The token lives in an environment
// variable on both ends (console.auth_env, tradectl --token-env), never in
// a file or on a command line. Every request carries it as its first
// argument; the console compares it in constant time and refuses a wrong
// one with ec::access_denied. Off loopback TLS is mandatory, so the token
// never crosses the network in clear text.

#include "messages/actors.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <string>

namespace tn {

/// How long the console waits for the supervisor, the event log or the
/// journal; longer than the supervisor's own status fan-out, which waits 2s
/// per service.
inline constexpr timespan console_timeout = std::chrono::seconds{5};

/// A console answering with `version` and forwarding to `supervisor`.
/// A non-empty `token` must be the first argument of every request.
console_actor spawn_console(caf::actor_system& sys, supervisor_actor supervisor,
                            std::string version, std::string token);

} // namespace tn
