#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/binance_sign.hpp"
#include "actors/broker/broker_journal.hpp"
#include "messages/events.hpp"
#include "runtime/net/http.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>

namespace tn::binance_shell {

namespace {

using std::chrono::milliseconds;

/// A scheduled measurement that failed is tried again after this.
constexpr auto clock_retry = std::chrono::seconds{30};

/// A scheduled measurement that moves the offset this far is an event.
constexpr int64_t clock_drift_told = 1000;

void send_call(broker_ptr self, const rest_call& c, answer_fn k) {
  auto& st = self->state;
  auto id = ++st.next_call;
  st.calls.emplace(id, std::move(k));
  auto req = to_http(c, st.setup.prefix, st.setup.keys, st.setup.wall_ms() + st.clock.offset_ms(),
                     std::chrono::duration_cast<milliseconds>(st.setup.cfg.recv_window).count());
  st.limits.on_sent(exchange_now(self), call_weight(c.method, c.path));
  ++st.requests;
  auto hdl = caf::actor_cast<binance_broker_actor>(self);
  st.setup.http->request(std::move(req), st.setup.timeout, [hdl, id](net::http_result r) {
    binance_answer a{id, std::move(r.error), r.outcome_unknown, r.response.status,
                     std::move(r.response.headers), std::move(r.response.body)};
    caf::anon_send(hdl, std::move(a));
  });
}

/// Why the clock is measured.
enum class sync_reason { scheduled, clock_skew };

/// Measures the offset to the exchange's clock, then runs `then`.
void measure_clock(broker_ptr self, sync_reason reason, std::function<void()> then) {
  auto& st = self->state;
  auto before = st.setup.wall_ms();
  bool first = !st.clock.measured_once();
  if (reason == sync_reason::scheduled)
    st.clock.started(st.now);
  send_call(self, server_time_call(market(self)), [self, before, first, reason,
                                                   then](const binance_answer& a) {
    auto& st = self->state;
    int64_t server = 0;
    std::string error;
    if (kind_of(a) == answer_kind::ok && parse_server_time(a.body, server, error)) {
      auto moved = st.clock.measured(st.now, before, server, st.setup.wall_ms(),
                                     config(self).time_sync);
      auto ahead = std::to_string(st.clock.offset_ms()) + " ms ahead of this node";
      if (reason == sync_reason::clock_skew) {
        ++st.resyncs;
        publish_event(self, st.now, severity::warning,
                      "the exchange refused a request's timestamp (-1021): clock resynchronised, "
                      "the exchange is "
                        + ahead);
      } else {
        ++st.clock_syncs;
        if (first)
          publish_event(self, st.now, severity::info,
                        "clock synchronised with the exchange: it is " + ahead);
        else if (std::abs(moved) >= clock_drift_told)
          publish_event(self, st.now, severity::warning,
                        "the exchange's clock moved " + std::to_string(moved)
                          + " ms against this node's since the last sync: it is " + ahead);
      }
    } else {
      if (reason == sync_reason::scheduled)
        st.clock.failed(st.now, clock_retry);
      publish_event(self, st.now, severity::error,
                    "cannot read the exchange's time: " + (error.empty() ? why_of(a) : error)
                      + (reason == sync_reason::scheduled
                           ? "; tried again in "
                               + std::to_string(
                                 std::chrono::duration_cast<std::chrono::seconds>(clock_retry)
                                   .count())
                               + " s"
                           : std::string{}));
    }
    then();
  });
}

} // namespace

answer_kind kind_of(const binance_answer& a) {
  return classify(a.error, a.outcome_unknown, a.status, a.body);
}

std::string why_of(const binance_answer& a) {
  if (!a.error.empty())
    return a.error;
  exchange_error e;
  if (parse_error(a.body, e))
    return e.msg + " (" + std::to_string(e.code) + ")";
  return "HTTP " + std::to_string(a.status);
}

timestamp exchange_now(broker_ptr self) {
  return timestamp{} + milliseconds{self->state.setup.wall_ms() + self->state.clock.offset_ms()};
}

timespan pause_left(broker_ptr self) {
  auto now = exchange_now(self);
  auto ready = self->state.limits.ready_at(now);
  return ready > now ? ready - now : timespan{};
}

std::string pause_text(timespan left) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1;
  return "the exchange asked to pause requests (HTTP 429/418 or the request weight used "
         "up); they resume in "
         + std::to_string(secs) + " s";
}

void on_answer(broker_ptr self, binance_answer& a) {
  auto& st = self->state;
  if (a.error.empty()) {
    net::http_response res;
    res.status = a.status;
    res.headers = a.headers;
    res.body = a.body;
    st.limits.on_answer(exchange_now(self), res);
  }
  auto i = st.calls.find(a.call);
  if (i == st.calls.end())
    return;
  auto k = std::move(i->second);
  st.calls.erase(i);
  k(a);
}

void sync_clock(broker_ptr self) {
  if (self->state.clock.due(self->state.now))
    measure_clock(self, sync_reason::scheduled, [self] { reconcile_at_exchange(self); });
}

void exchange_call(broker_ptr self, rest_call c, answer_fn k, bool resynced) {
  if (auto left = pause_left(self); left > timespan{}) {
    binance_answer a;
    a.error = pause_text(left);
    k(a);
    return;
  }
  send_call(self, c, [self, c, k, resynced](const binance_answer& a) {
    if (!resynced && c.is_signed && kind_of(a) == answer_kind::clock_skew) {
      measure_clock(self, sync_reason::clock_skew, [self, c, k] { exchange_call(self, c, k, true); });
      return;
    }
    k(a);
  });
}

} // namespace tn::binance_shell
