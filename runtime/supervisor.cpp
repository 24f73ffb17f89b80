#include "runtime/supervisor.hpp"

#include "runtime/error_text.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/supervision.hpp"
#include "messages/breaker.hpp"
#include "runtime/circuit_breaker.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/event_timers.hpp"
#include "runtime/restart_policy.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <random>

namespace tn {

namespace {

/// How long a service may take to answer a status request.
constexpr auto status_timeout = std::chrono::seconds{2};

/// The service the supervisor reports its own events to.
constexpr const char* event_log_name = "event_log";

/// The event topic of the LLM circuit breaker.
constexpr const char* breaker_topic = "breaker";

struct service_entry {
  service_entry(service_spec s, restart_policy p, failure_policy f)
    : spec(std::move(s)), policy(std::move(p)), on_failure(f) {
  }

  service_spec spec;
  restart_policy policy;
  failure_policy on_failure;
  // The console asked for a restart: its exit is no failure.
  bool restart_requested = false;
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
  std::shared_ptr<external_calls> external;
  std::vector<service_entry> services;
  // The clock's time; restart backoffs are deadlines in it, so a replay
  // moves them like every other timer.
  timestamp now;
  event_timers timers;
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
  service_context ctx{self->system(), self->state.cfg, self->state.io, self->state.external};
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

/// Whether a running service that protects positions lists `e` as a peer.
bool protection_needs(supervisor_ptr self, const service_entry& e) {
  for (auto& p : self->state.services)
    if (&p != &e && p.state == service_state::up && p.spec.protects_positions
        && std::find(p.spec.peers.begin(), p.spec.peers.end(), e.spec.name) != p.spec.peers.end())
      return true;
  return false;
}

/// The next service to stop: in reverse start order, first every service
/// position protection does not need, then position protection, then what
/// it needed. Open positions stay guarded for as long as the node runs.
service_entry* next_to_stop(supervisor_ptr self) {
  auto& services = self->state.services;
  enum { others, protection, rest };
  for (auto phase : {others, protection, rest})
    for (auto i = services.rbegin(); i != services.rend(); ++i) {
      if (i->state != service_state::up)
        continue;
      auto protects = i->spec.protects_positions;
      if ((phase == others && (protects || protection_needs(self, *i)))
          || (phase == protection && !protects))
        continue;
      return &*i;
    }
  return nullptr;
}

/// Stops the next service; its down message calls this again, so services
/// stop one after another.
void stop_next(supervisor_ptr self) {
  if (auto* e = next_to_stop(self)) {
    self->send_exit(e->handle, caf::exit_reason::user_shutdown);
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

void restart(supervisor_ptr self, const std::string& name, uint64_t generation);

void fail(supervisor_ptr self, service_entry& e, const caf::error& reason) {
  auto& st = self->state;
  e.handle = nullptr;
  e.last_error = error_text(reason);
  if (e.on_failure == failure_policy::stop_node) {
    e.state = service_state::stopped;
    auto why = e.spec.name + " failed (" + e.last_error + ") and its policy is stop-node";
    publish(self, severity::error, "stopping the node: " + why);
    begin_stop(self, caf::make_error(ec::restart_limit, why));
    return;
  }
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
  if (e.spec.time_source) {
    publish(self, severity::warning, e.spec.name + " failed (" + e.last_error + "), restarting");
    restart(self, e.spec.name, e.generation);
    return;
  }
  publish(self, severity::warning,
          e.spec.name + " failed (" + e.last_error + "), restart in " + format_duration(d.delay));
  st.timers.arm(d.delay, atom::restart_v, e.spec.name, e.generation);
}

void on_down(supervisor_ptr self, const caf::down_msg& dm) {
  auto* e = find(self, dm.source);
  if (!e)
    return;
  if (self->state.stopping) {
    e->handle = nullptr;
    e->state = service_state::stopped;
    stop_next(self);
    return;
  }
  if (e->restart_requested) {
    // Asked for on the console: no failure, no backoff.
    e->restart_requested = false;
    e->handle = nullptr;
    e->state = service_state::restarting;
    restart(self, e->spec.name, ++e->generation);
    return;
  }
  // A service that ends by itself, even normally, leaves a hole in the
  // node: that is a failure like any other.
  fail(self, *e,
       dm.reason ? dm.reason
                 : caf::make_error(ec::missing_service, e->spec.name + " ended without being asked"));
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
      e.last_error = error_text(err);
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
              r.facts["error"] = error_text(err);
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
  uint64_t seed; // of the restart jitter
  std::shared_ptr<external_calls> external;
};

/// "" if every service named in supervisor.policy exists, else the error.
std::string check_policy_names(const node_config& cfg, const std::vector<service_spec>& specs) {
  for (auto& [name, policy] : cfg.supervisor.policy) {
    auto known = std::any_of(specs.begin(), specs.end(),
                             [&name = name](const service_spec& s) { return s.name == name; });
    if (!known) {
      std::string names;
      for (auto& s : specs)
        names += (names.empty() ? "" : ", ") + s.name;
      return "supervisor.policy." + name + ": no such service (services: " + names + ")";
    }
  }
  return {};
}

supervisor_actor::behavior_type supervisor_behavior(supervisor_ptr self, supervisor_setup setup) {
  auto& st = self->state;
  auto& sup = setup.cfg.supervisor;
  auto bad_policy = check_policy_names(setup.cfg, setup.specs);
  for (auto& spec : setup.specs) {
    auto p = sup.policy.find(spec.name);
    auto on_failure = p == sup.policy.end() ? failure_policy::restart : p->second;
    auto seed = setup.seed ^ std::hash<std::string>{}(spec.name);
    st.services.emplace_back(std::move(spec),
                             restart_policy{sup.max_restarts, sup.window, sup.backoff.initial,
                                            sup.backoff.max, sup.backoff.jitter, seed},
                             on_failure);
  }
  st.breaker = circuit_breaker{setup.cfg.breaker.failures, setup.cfg.breaker.open_for};
  st.cfg = std::move(setup.cfg);
  st.io = setup.io;
  st.external = std::move(setup.external);
  st.now = setup.start;
  st.timers.advance(self, st.now);
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  // Not linked to any service: every exit message is a stop request from
  // outside (kill cannot be trapped and ends the supervisor at once).
  self->set_exit_handler([self](caf::exit_msg&) { begin_stop(self, caf::error{}); });
  if (bad_policy.empty())
    start_all(self);
  else
    begin_stop(self, caf::make_error(ec::invalid_config, bad_policy));
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
      e->restart_requested = true;
      self->send_exit(e->handle, caf::exit_reason::kill);
      return true;
    },
    [self](atom::restart, const std::string& name, uint64_t generation) {
      restart(self, name, generation);
    },
    [self](atom::stop) { begin_stop(self, caf::error{}); },
    [self](atom::time, timestamp now) {
      // Wall time in paper/testnet/live: it drives the restart backoffs but
      // not the breaker, whose times are the trader's market times.
      self->state.now = std::max(self->state.now, now);
      self->state.timers.advance(self, self->state.now);
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
                                  timestamp start, std::shared_ptr<external_calls> external) {
  // A backtest repeats itself; elsewhere nodes failing together must not
  // restart in lockstep.
  uint64_t seed = cfg.node.mode == run_mode::backtest ? 0x5e7 : std::random_device{}();
  return sys.spawn(supervisor_behavior,
                   supervisor_setup{cfg, io, std::move(services), start, seed,
                                                    std::move(external)});
}

} // namespace tn
