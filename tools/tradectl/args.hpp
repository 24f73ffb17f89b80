#pragma once

// The tradectl command line. Pure: parsing is tested without a node.

#include "runtime/config/config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

struct tradectl_args {
  std::string host = "127.0.0.1";
  uint16_t port = 18444;
  /// Environment variable holding the access token; never the token itself,
  /// which would show in `ps`.
  std::string token_env = "TRADENODE_CONSOLE_TOKEN";
  /// This client's certificate and key, and the CA of the node's; all or none.
  console_tls tls;
  /// How long to wait for each answer, in seconds.
  uint32_t timeout_s = 10;
  bool help = false;
  /// flatten: do not ask for confirmation.
  bool yes = false;
  /// status, actors, events, decisions, breaker, restart, stop, version,
  /// positions, balance, pause, resume, flatten, reset, learner, regime or
  /// derivatives.
  std::string command;
  /// events: the topic; empty for every topic.
  std::string topic;
  /// events, decisions, orders: how many of the last ones.
  uint32_t count = 20;
  /// restart: the service.
  std::string actor;
};

/// The --help text.
extern const char* const tradectl_usage;

/// Parses the arguments after the program name. Returns false and explains
/// in `error` on an unknown option or command, a missing or bad value.
bool parse_tradectl_args(const std::vector<std::string>& args, tradectl_args& out,
                         std::string& error);

} // namespace tn
