#include "runtime/supervisor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/supervision.hpp"
#include "messages/breaker.hpp"
#include "runtime/circuit_breaker.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/restart_policy.hpp"
#include "runtime/time_format.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <memory>

namespace tn {

namespace {

/// How long a service may take to answer a status request.
constexpr auto status_timeout = std::chrono::seconds{2};

/// The service the supervisor reports its own events to.
constexpr const char* event_log_name = "event_log";

/// The event topic of the LLM circuit breaker.
constexpr const char* breaker_topic = "breaker";

struct service_entry {
  service_entry(service_spec s, restart_policy p) : spec(std::move(s)), policy(std::move(p)) {
  }

  service_spec spec;
  restart_policy policy;
  caf::actor handle; // null unless up
  service_state state = service_state::stopped;
  // Bumped per failure; a backoff timer carries the value it was set for,
  // so a timer left over from an earlier failure restarts nothing.
  uint64_t generation = 0;
  uint64_t restarts = 0;
  std::string last_error;
};

struct supervisor_state {
  supervisor_state() : breaker(3, std::chrono::minutes{15}) {
  }
  static inline const char* name = "supervisor";
  node_config cfg;
  circuit_breaker breaker;
  net::io_thread* io = nullptr;
  std::vector<service_entry> services;
  timestamp now;
  bool stopping = false;
  caf::error quit_reason; // once every service has stopped
};

using supervisor_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

service_entry* find(supervisor_ptr self, const std::string& name) {
  for (auto& e : self->state.services)
    if (e.spec.name == name)
      return &e;
  return nullptr;
}

service_entry* find(supervisor_ptr self, const caf::actor_addr& addr) {
  for (auto& e : self->state.services)
    if (e.handle && e.handle.address() == addr)
      return &e;
  return nullptr;
}

void send_event(supervisor_ptr self, event e) {
  auto* log = find(self, event_log_name);
  if (log && log->handle)
    self->send(caf::actor_cast<event_log_actor>(log->handle), atom::publish_v, std::move(e));
}

void publish(supervisor_ptr self, severity level, std::string text,
             const char* topic = supervisor_state::name) {
  send_event(self, event{self->state.now, topic, level, std::move(text)});
}

/// A breaker line at the breaker's event time `ts` (the decision's market
/// time), with the node clock's time beside it where the two differ, so no
/// line mixes the two.
void publish_breaker_line(supervisor_ptr self, timestamp ts, severity level, std::string text) {
  auto wall = self->state.now;
  if (wall - ts >= std::chrono::seconds{1} || ts - wall >= std::chrono::seconds{1})
    text += " (wall time " + format_timestamp(wall) + ")";
  send_event(self, event{ts, breaker_topic, level, std::move(text)});
}

/// Every breaker transition is an event: state, failure count, next probe.
void publish_breaker(supervisor_ptr self, timestamp ts) {
  auto& b = self->state.breaker;
  auto level = b.status().state == breaker_state::closed ? severity::info : severity::warning;
  publish_breaker_line(self, ts, level, b.describe());
}

/// Time passes or the trader asks: moves the breaker and reports changes.
void advance_breaker(supervisor_ptr self, timestamp now) {
  if (self->state.breaker.advance(now))
    publish_breaker(self, now);
}

caf::strong_actor_ptr handle_of(supervisor_ptr self, const std::string& name) {
  if (name == supervisor_state::name)
    return caf::actor_cast<caf::strong_actor_ptr>(self);
  auto* e = find(self, name);
  return e && e->handle ? caf::actor_cast<caf::strong_actor_ptr>(e->handle) : nullptr;
}

/// Tells `e` the handles of the peers it lists.
void announce_peers(supervisor_ptr self, service_entry& e) {
  for (auto& peer : e.spec.peers)
    if (auto hdl = handle_of(self, peer))
      caf::anon_send(e.handle, atom::announce_v, peer, std::move(hdl));
}

/// Tells every service that lists `e` as a peer its (new) handle.
void announce_to_dependents(supervisor_ptr self, service_entry& e) {
  auto hdl = caf::actor_cast<caf::strong_actor_ptr>(e.handle);
  for (auto& other : self->state.services) {
    auto& peers = other.spec.peers;
    if (&other != &e && other.handle
        && std::find(peers.begin(), peers.end(), e.spec.name) != peers.end())
      caf::anon_send(other.handle, atom::announce_v, e.spec.name, hdl);
  }
}

caf::error start(supervisor_ptr self, service_entry& e) {
  service_context ctx{self->system(), self->state.cfg, self->state.io};
  auto hdl = e.spec.spawn(ctx);
  if (!hdl)
    return std::move(hdl.error());
  if (!*hdl)
    return caf::make_error(ec::missing_service, e.spec.name + ": the factory returned no actor");
  e.handle = std::move(*hdl);
  e.state = service_state::up;
  self->monitor(e.handle);
  return caf::none;
}

/// Stops the last running service; its down message calls this again, so
/// services stop one after another in reverse start order.
void stop_next(supervisor_ptr self) {
  auto& services = self->state.services;
  for (auto i = services.rbegin(); i != services.rend(); ++i)
    if (i->state == service_state::up) {
      self->send_exit(i->handle, caf::exit_reason::user_shutdown);
      return;
    }
  self->quit(self->state.quit_reason);
}

void begin_stop(supervisor_ptr self, caf::error reason) {
  auto& st = self->state;
  if (st.stopping)
    return;
  st.stopping = true;
  st.quit_reason = std::move(reason);
  for (auto& e : st.services)
    if (e.state == service_state::restarting)
      e.state = service_state::stopped;
  publish(self, severity::info, "stopping services");
  stop_next(self);
}

void fail(supervisor_ptr self, service_entry& e, const caf::error& reason) {
  auto& st = self->state;
  e.handle = nullptr;
  e.last_error = self->system().render(reason);
  auto d = e.policy.on_failure(st.now);
  if (d.give_up) {
    e.state = service_state::stopped;
    auto why = e.spec.name + " failed " + std::to_string(d.failures) + " times within "
               + format_duration(st.cfg.supervisor.window) + ": " + e.last_error;
    publish(self, severity::error, "giving up: " + why);
    begin_stop(self, caf::make_error(ec::restart_limit, why));
    return;
  }
  e.state = service_state::restarting;
  ++e.generation;
  publish(self, severity::warning,
          e.spec.name + " failed (" + e.last_error + "), restart in " + format_duration(d.delay));
  self->delayed_send(self, d.delay, atom::restart_v, e.spec.name, e.generation);
}

void on_down(supervisor_ptr self, const caf::down_msg& dm) {
  auto* e = find(self, dm.source);
  if (!e)
    return;
  if (self->state.stopping || !dm.reason) {
    e->handle = nullptr;
    e->state = service_state::stopped;
    if (self->state.stopping)
      stop_next(self);
    else
      publish(self, severity::info, e->spec.name + " stopped");
    return;
  }
  fail(self, *e, dm.reason);
}

void restart(supervisor_ptr self, const std::string& name, uint64_t generation) {
  auto* e = find(self, name);
  if (!e || self->state.stopping || e->state != service_state::restarting
      || e->generation != generation)
    return;
  if (auto err = start(self, *e)) {
    fail(self, *e, err);
    return;
  }
  ++e->restarts;
  announce_peers(self, *e);
  announce_to_dependents(self, *e);
  publish(self, severity::info,
          name + " restarted (" + std::to_string(e->restarts) + " restarts since start)");
}

void start_all(supervisor_ptr self) {
  std::string names;
  for (auto& e : self->state.services) {
    if (auto err = start(self, e)) {
      e.last_error = self->system().render(err);
      publish(self, severity::error, e.spec.name + " cannot start: " + e.last_error);
      begin_stop(self, std::move(err));
      return;
    }
    names += names.empty() ? e.spec.name : ", " + e.spec.name;
  }
  for (auto& e : self->state.services)
    announce_peers(self, e);
  publish(self, severity::info, "started " + names);
}

status_report own_report(supervisor_ptr self) {
  status_report r;
  r.service = supervisor_state::name;
  for (auto& e : self->state.services) {
    r.counters[e.spec.name + ".restarts"] = static_cast<int64_t>(e.restarts);
    r.facts[e.spec.name + ".state"] = to_string(e.state);
    if (!e.last_error.empty())
      r.facts[e.spec.name + ".last_error"] = e.last_error;
  }
  auto& b = self->state.breaker.status();
  r.facts["breaker.state"] = to_string(b.state);
  r.counters["breaker.consecutive_failures"] = b.consecutive_failures;
  r.counters["breaker.times_opened"] = static_cast<int64_t>(b.times_opened);
  return r;
}

std::vector<service_row> service_rows(supervisor_ptr self) {
  std::vector<service_row> rows;
  for (auto& e : self->state.services)
    rows.push_back({e.spec.name, to_string(e.state), e.restarts, e.last_error});
  return rows;
}

/// Asks every running service for its status; answers once each one
/// answered or timed out (a timed-out service reports its error).
caf::result<std::vector<status_report>> collect_status(supervisor_ptr self) {
  struct collection {
    std::vector<status_report> reports;
    size_t pending = 0;
    caf::typed_response_promise<std::vector<status_report>> rp;
  };
  auto acc = std::make_shared<collection>();
  acc->reports.push_back(own_report(self));
  for (auto& e : self->state.services)
    acc->pending += e.handle ? 1 : 0;
  if (acc->pending == 0)
    return acc->reports;
  acc->rp = self->make_response_promise<std::vector<status_report>>();
  auto add = [acc](status_report r) {
    acc->reports.push_back(std::move(r));
    if (--acc->pending == 0)
      acc->rp.deliver(std::move(acc->reports));
  };
  for (auto& e : self->state.services) {
    if (!e.handle)
      continue;
    self->request(e.handle, status_timeout, atom::status_v)
      .then([add](status_report& r) { add(std::move(r)); },
            [add, self, name = e.spec.name](caf::error& err) {
              status_report r;
              r.service = name;
              r.facts["error"] = self->system().render(err);
              add(std::move(r));
            });
  }
  return acc->rp;
}

/// What spawn_supervisor hands the behavior; one argument, because CAF's
/// spawn cannot forward a raw pointer.
struct supervisor_setup {
  node_config cfg;
  net::io_thread* io;
  std::vector<service_spec> specs;
  timestamp start;
};

supervisor_actor::behavior_type supervisor_behavior(supervisor_ptr self, supervisor_setup setup) {
  auto& st = self->state;
  auto& sup = setup.cfg.supervisor;
  for (auto& spec : setup.specs)
    st.services.emplace_back(
      std::move(spec),
      restart_policy{sup.max_restarts, sup.window, sup.backoff.initial, sup.backoff.max});
  st.breaker = circuit_breaker{setup.cfg.breaker.failures, setup.cfg.breaker.open_for};
  st.cfg = std::move(setup.cfg);
  st.io = setup.io;
  st.now = setup.start;
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  // Not linked to any service: every exit message is a stop request from
  // outside (kill cannot be trapped and ends the supervisor at once).
  self->set_exit_handler([self](caf::exit_msg&) { begin_stop(self, caf::error{}); });
  start_all(self);
  return {
    [self](atom::lookup, const std::string& name) { return handle_of(self, name); },
    [self](atom::status) { return collect_status(self); },
    [self](atom::actors) { return service_rows(self); },
    [self](atom::restart, const std::string& name) -> caf::result<bool> {
      auto* e = find(self, name);
      if (!e)
        return caf::make_error(ec::missing_service, name);
      if (!e->handle || self->state.stopping)
        return false;
      publish(self, severity::info, "restart of " + name + " requested");
      self->send_exit(e->handle, caf::exit_reason::kill);
      return true;
    },
    [self](atom::restart, const std::string& name, uint64_t generation) {
      restart(self, name, generation);
    },
    [self](atom::stop) { begin_stop(self, caf::error{}); },
    [self](atom::time, timestamp now) {
      self->state.now = std::max(self->state.now, now);
      advance_breaker(self, self->state.now);
    },
    [self](atom::breaker, timestamp now) {
      advance_breaker(self, now);
      auto permit = self->state.breaker.acquire(now);
      if (permit == breaker_permit::probe)
        publish_breaker_line(self, now, severity::info,
                             "breaker half-open: probing the model (re-authenticating)");
      return permit;
    },
    [self](atom::breaker, timestamp now, breaker_outcome outcome, const std::string& why) {
      if (self->state.breaker.record(now, outcome, why))
        publish_breaker(self, now);
    },
    [self](atom::breaker) { return self->state.breaker.status(); },
  };
}

} // namespace

supervisor_actor spawn_supervisor(caf::actor_system& sys, const node_config& cfg,
                                  net::io_thread* io, std::vector<service_spec> services,
                                  timestamp start) {
  return sys.spawn(supervisor_behavior, supervisor_setup{cfg, io, std::move(services), start});
}

} // namespace tn
