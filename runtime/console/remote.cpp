#include "runtime/console/remote.hpp"

// Publishing the console needs every type of its interface complete.
#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/error.hpp"
#include "messages/learner.hpp"
#include "messages/order.hpp"
#include "messages/regime.hpp"
#include "runtime/console/console_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/publish.hpp>
#include <caf/io/remote_actor.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/openssl/remote_actor.hpp>

#include <cstdlib>
#include <fstream>

namespace tn {

namespace {

// A peer that sends nothing, not even a heartbeat, for this long is
// considered gone.
constexpr auto heartbeat_interval = std::chrono::seconds{1};
constexpr auto connection_timeout = std::chrono::seconds{10};

/// Refuses up front what caf::openssl would only notice at each handshake.
caf::error check_readable(const std::string& key, const std::string& path) {
  if (std::ifstream{path}.good())
    return caf::none;
  return caf::make_error(ec::invalid_config, "console.tls." + key + ": cannot read " + path);
}

std::string read_token(const std::string& variable) {
  const char* value = std::getenv(variable.c_str());
  return value == nullptr ? std::string{} : std::string{value};
}

} // namespace

void prepare_remote(caf::actor_system_config& cfg, const console_tls& tls) {
  cfg.load<caf::io::middleman>();
  cfg.set("middleman.heartbeat-interval", caf::timespan{heartbeat_interval});
  cfg.set("middleman.connection-timeout", caf::timespan{connection_timeout});
  if (!tls.enabled())
    return;
  cfg.load<caf::openssl::manager>();
  cfg.set("openssl.certificate", tls.certificate);
  cfg.set("openssl.key", tls.key);
  cfg.set("openssl.cafile", tls.cafile);
}

caf::expected<console_actor> start_console(caf::actor_system& sys, const console_section& section,
                                           supervisor_actor supervisor, std::string version) {
  if (section.tls.enabled())
    for (auto& [key, path] : {std::pair{"certificate", section.tls.certificate},
                              std::pair{"key", section.tls.key},
                              std::pair{"cafile", section.tls.cafile}})
      if (auto err = check_readable(key, path))
        return err;
  auto console = spawn_console(sys, std::move(supervisor), std::move(version),
                               read_token(section.auth_env));
  auto host = section.host.c_str();
  // reuse_addr: a restarted node can bind while the old socket lingers.
  auto bound = section.tls.enabled() ? caf::openssl::publish(console, section.port, host, true)
                                     : caf::io::publish(console, section.port, host, true);
  if (!bound) {
    caf::anon_send_exit(console, caf::exit_reason::user_shutdown);
    return std::move(bound.error());
  }
  return console;
}

caf::expected<console_actor> connect_console(caf::actor_system& sys, const std::string& host,
                                             uint16_t port, const console_tls& tls) {
  if (tls.enabled())
    return caf::openssl::remote_actor<console_actor>(sys, host, port);
  return caf::io::remote_actor<console_actor>(sys, host, port);
}

} // namespace tn
