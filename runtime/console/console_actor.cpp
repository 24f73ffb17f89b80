#include "runtime/console/console_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/supervision.hpp"
#include "runtime/console/console.hpp"

#include <caf/all.hpp>

namespace tn {

namespace {

/// The event log service, as the supervisor names it.
constexpr const char* event_log_name = "event_log";

struct console_state {
  static inline const char* name = "console";
  supervisor_actor supervisor;
  std::string version;
  std::string token;
};

using console_ptr = console_actor::stateful_pointer<console_state>;

caf::error check_token(console_ptr self, const std::string& given) {
  auto& expected = self->state.token;
  if (expected.empty() || token_matches(expected, given))
    return caf::none;
  return caf::make_error(ec::access_denied, std::string{"wrong console token"});
}

/// Sends a request to the supervisor and answers with its reply or error.
template <class T, class... Ts>
caf::result<T> ask_supervisor(console_ptr self, Ts... xs) {
  auto rp = self->make_response_promise<T>();
  self->request(self->state.supervisor, console_timeout, xs...)
    .then([rp](T& x) mutable { rp.deliver(std::move(x)); },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

/// Finds the event log through the supervisor (its handle changes when it
/// restarts), then asks it for the events of `topic`.
caf::result<std::vector<event>> ask_events(console_ptr self, std::string topic, uint32_t count) {
  auto rp = self->make_response_promise<std::vector<event>>();
  auto fail = [rp](caf::error& err) mutable { rp.deliver(std::move(err)); };
  self->request(self->state.supervisor, console_timeout, atom::lookup_v,
                std::string{event_log_name})
    .then(
      [self, rp, fail, topic, count](caf::strong_actor_ptr& hdl) mutable {
        if (!hdl) {
          rp.deliver(caf::make_error(ec::missing_service, std::string{event_log_name}));
          return;
        }
        self->request(caf::actor_cast<event_log_actor>(hdl), console_timeout, atom::events_v, topic)
          .then([rp, count](std::vector<event>& xs) mutable {
                  rp.deliver(last_events(std::move(xs), count));
                },
                fail);
      },
      fail);
  return rp;
}

console_actor::behavior_type console_behavior(console_ptr self, supervisor_actor supervisor,
                                              std::string version, std::string token) {
  self->state.supervisor = std::move(supervisor);
  self->state.version = std::move(version);
  self->state.token = std::move(token);
  return {
    [self](atom::version, const std::string& token) -> caf::result<std::string> {
      if (auto err = check_token(self, token))
        return err;
      return self->state.version;
    },
    [self](atom::status, const std::string& token) -> caf::result<std::vector<status_report>> {
      if (auto err = check_token(self, token))
        return err;
      return ask_supervisor<std::vector<status_report>>(self, atom::status_v);
    },
    [self](atom::actors, const std::string& token) -> caf::result<std::vector<service_row>> {
      if (auto err = check_token(self, token))
        return err;
      return ask_supervisor<std::vector<service_row>>(self, atom::actors_v);
    },
    [self](atom::events, const std::string& token, const std::string& topic,
           uint32_t count) -> caf::result<std::vector<event>> {
      if (auto err = check_token(self, token))
        return err;
      return ask_events(self, topic, count);
    },
    [self](atom::restart, const std::string& token,
           const std::string& name) -> caf::result<bool> {
      if (auto err = check_token(self, token))
        return err;
      return ask_supervisor<bool>(self, atom::restart_v, name);
    },
    [self](atom::stop, const std::string& token) -> caf::result<bool> {
      if (auto err = check_token(self, token))
        return err;
      // The node's main thread sees the supervisor go down and exits, as
      // after SIGTERM.
      self->send(self->state.supervisor, atom::stop_v);
      return true;
    },
  };
}

} // namespace

console_actor spawn_console(caf::actor_system& sys, supervisor_actor supervisor,
                            std::string version, std::string token) {
  return sys.spawn(console_behavior, std::move(supervisor), std::move(version), std::move(token));
}

} // namespace tn
