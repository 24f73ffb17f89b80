#include "runtime/console/console_actor.hpp"

#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/order.hpp"
#include "messages/derivatives.hpp"
#include "messages/regime.hpp"
#include "messages/supervision.hpp"
#include "runtime/console/console.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace tn {

namespace {

// Services the console queries, as the supervisor names them.
constexpr const char* event_log_name = "event_log";
constexpr const char* journal_name = "journal";
constexpr const char* tracker_name = "position_tracker";
constexpr const char* broker_name = "broker";
constexpr const char* risk_name = "risk";
constexpr const char* learner_name = "learner";
constexpr const char* regime_name = "regime_detector";
constexpr const char* derivatives_name = "derivatives_monitor";

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

/// Finds the service `name` through the supervisor (a restarted service
/// has a new handle), asks it `xs...`, and answers with its reply passed
/// through `finish`; a service that is not running is ec::missing_service.
template <class Handle, class Reply, class Finish, class... Ts>
caf::result<Reply> ask_service(console_ptr self, const char* name, Finish finish, Ts... xs) {
  auto rp = self->make_response_promise<Reply>();
  auto fail = [rp](caf::error& err) mutable { rp.deliver(std::move(err)); };
  self->request(self->state.supervisor, console_timeout, atom::lookup_v, std::string{name})
    .then(
      [self, rp, fail, name, finish, xs...](caf::strong_actor_ptr& hdl) mutable {
        if (!hdl) {
          rp.deliver(caf::make_error(ec::missing_service, std::string{name}));
          return;
        }
        self->request(caf::actor_cast<Handle>(hdl), console_timeout, xs...)
          .then([rp, finish](Reply& x) mutable { rp.deliver(finish(x)); }, fail);
      },
      fail);
  return rp;
}

/// ask_service for a reply passed on as it is.
template <class Handle, class Reply, class... Ts>
caf::result<Reply> forward_to(console_ptr self, const char* name, Ts... xs) {
  return ask_service<Handle, Reply>(self, name, [](Reply& x) { return std::move(x); }, xs...);
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
      return ask_service<event_log_actor, std::vector<event>>(
        self, event_log_name,
        [count](std::vector<event>& xs) { return last_events(std::move(xs), count); },
        atom::events_v, topic);
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
    [self](atom::decisions, const std::string& token,
           uint32_t count) -> caf::result<std::vector<decision_record>> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<journal_actor, std::vector<decision_record>>(self, journal_name,
                                                                     atom::decisions_v, count);
    },
    [self](atom::breaker, const std::string& token) -> caf::result<breaker_status> {
      if (auto err = check_token(self, token))
        return err;
      return ask_supervisor<breaker_status>(self, atom::breaker_v);
    },
    [self](atom::positions, const std::string& token) -> caf::result<std::vector<position>> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<position_tracker_actor, std::vector<position>>(self, tracker_name,
                                                                       atom::positions_v);
    },
    [self](atom::balance, const std::string& token) -> caf::result<account_state> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<broker_actor, account_state>(self, broker_name, atom::balance_v);
    },
    [self](atom::orders, const std::string& token,
           uint32_t count) -> caf::result<std::vector<journaled_order>> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<journal_actor, std::vector<journaled_order>>(self, journal_name,
                                                                     atom::orders_v, count);
    },
    [self](atom::pause, const std::string& token) -> caf::result<bool> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<risk_actor, bool>(self, risk_name, atom::pause_v);
    },
    [self](atom::resume, const std::string& token) -> caf::result<bool> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<risk_actor, bool>(self, risk_name, atom::resume_v);
    },
    [self](atom::flatten, const std::string& token) -> caf::result<uint32_t> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<risk_actor, uint32_t>(self, risk_name, atom::flatten_v);
    },
    [self](atom::reset, const std::string& token) -> caf::result<bool> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<risk_actor, bool>(self, risk_name, atom::reset_v);
    },
    [self](atom::learner, const std::string& token) -> caf::result<learner_report> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<learner_actor, learner_report>(self, learner_name, atom::learner_v);
    },
    [self](atom::regime, const std::string& token) -> caf::result<regime_status> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<regime_detector_actor, regime_status>(self, regime_name, atom::regime_v);
    },
    [self](atom::derivs,
           const std::string& token) -> caf::result<std::vector<derivatives_snapshot>> {
      if (auto err = check_token(self, token))
        return err;
      return forward_to<derivatives_monitor_actor, std::vector<derivatives_snapshot>>(
        self, derivatives_name, atom::derivs_v);
    },
  };
}

} // namespace

console_actor spawn_console(caf::actor_system& sys, supervisor_actor supervisor,
                            std::string version, std::string token) {
  return sys.spawn(console_behavior, std::move(supervisor), std::move(version), std::move(token));
}

} // namespace tn
