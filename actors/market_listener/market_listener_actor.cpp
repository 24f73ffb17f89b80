#include "actors/market_listener/market_listener_actor.hpp"

#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/market_listener/stream_url.hpp"
#include "messages/error.hpp"
#include "runtime/service_events.hpp"

#include <caf/actor_system.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace tn {

namespace {

using self_ptr = market_listener_actor::stateful_pointer<market_listener_state>;

// Both market services publish under one topic: an operator follows "market".
void publish(self_ptr self, severity level, std::string text) {
  publish_event(self, "market", self->state.now, level, std::move(text));
}

void publish_fault(self_ptr self, const std::string& what, const std::string& detail) {
  if (auto line = self->state.faults.record(self->state.now, what, detail))
    publish(self, severity::warning, std::move(*line));
}

void forward(self_ptr self, tick_batch&& batch) {
  if (batch.ticks.empty() && batch.closed.empty())
    return;
  for (auto& [name, sink] : self->state.sinks)
    self->send(sink, batch);
}

void request_fills(self_ptr self, const std::vector<bar_request>& fills) {
  for (auto& req : fills) {
    publish(self, severity::info,
            fmt::format("gap in {}: fetching {} bar(s) over REST", req.symbol, req.count()));
    self->state.transport->fetch_gap(req, self);
  }
}

// A connection must deliver data this long before the reconnect backoff
// starts over: one that accepts and drops at once meets growing delays.
constexpr timespan healthy_after = std::chrono::minutes{1};

reconnect_backoff& refetch_backoff(self_ptr self, const std::string& symbol) {
  auto& st = self->state;
  auto i = st.refetch.find(symbol);
  if (i == st.refetch.end())
    i = st.refetch
          .emplace(symbol, reconnect_backoff{st.cfg.market.reconnect,
                                             st.seed ^ std::hash<std::string>{}(symbol)})
          .first;
  return i->second;
}

void stream_down(self_ptr self, const std::string& reason) {
  auto& st = self->state;
  st.open = false;
  st.health->on_close();
  auto delay = st.reconnect->next();
  publish_fault(self, "stream closed",
                fmt::format("{}; reconnect #{} in {} ms", reason, st.reconnect->attempts(),
                            std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()));
  st.timers.arm(delay, atom::connect_v);
}

void connect(self_ptr self) {
  auto& st = self->state;
  ++st.conn;
  st.open = false;
  st.transport->open_stream(kline_stream_url(st.cfg.exchange, st.data->symbols()), st.conn, self);
}

} // namespace

market_listener_actor::behavior_type
market_listener_behavior(self_ptr self, node_config cfg,
                         std::shared_ptr<market_transport> transport, uint64_t seed) {
  auto& st = self->state;
  st.data = std::make_unique<feed>(cfg.market.symbols);
  st.reconnect = std::make_unique<reconnect_backoff>(cfg.market.reconnect, seed);
  st.health = std::make_unique<stream_health>(cfg.market.idle_timeout, healthy_after);
  st.seed = seed;
  st.cfg = std::move(cfg);
  st.transport = std::move(transport);
  self->send(self, atom::connect_v);
  return {
    [self](atom::connect) { connect(self); },
    [self](atom::ws_open, uint64_t conn) {
      auto& st = self->state;
      if (conn != st.conn)
        return;
      st.open = true;
      st.health->on_open(st.now);
      if (st.ever_open)
        ++st.data->stats().reconnects;
      st.ever_open = true;
      publish(self, severity::info, "stream connected");
    },
    [self](atom::ws_closed, uint64_t conn, const std::string& reason) {
      auto& st = self->state;
      if (conn != st.conn)
        return;
      stream_down(self, reason);
    },
    [self](atom::frame, uint64_t conn, const tick_batch& in) {
      auto& st = self->state;
      if (conn != st.conn)
        return;
      ++st.data->stats().frames;
      if (st.health->on_data(st.now))
        st.reconnect->reset();
      tick_batch out;
      std::vector<bar_request> fills;
      st.data->on_batch(in, out, fills);
      forward(self, std::move(out));
      request_fills(self, fills);
    },
    [self](atom::frame, uint64_t conn, const std::string& error) {
      if (conn != self->state.conn)
        return;
      auto& stats = self->state.data->stats();
      ++stats.frames;
      ++stats.malformed;
      publish_fault(self, "malformed frame skipped", error);
    },
    [self](atom::gap_fill, const std::string& symbol, const std::vector<candle>& bars) {
      tick_batch out;
      std::vector<bar_request> fills;
      refetch_backoff(self, symbol).reset();
      self->state.data->on_fill(symbol, bars, out, fills);
      forward(self, std::move(out));
      request_fills(self, fills);
    },
    [self](atom::gap_fill, const std::string& symbol, const std::string& error, timespan wait) {
      // Never retry earlier than the exchange asked (429/418 bans grow).
      auto delay = std::max(refetch_backoff(self, symbol).next(), wait);
      publish_fault(self, "gap fill for " + symbol + " failed", error);
      self->state.timers.arm(delay, atom::gap_fill_v, symbol);
    },
    [self](atom::gap_fill, const std::string& symbol) {
      if (auto req = self->state.data->pending(symbol))
        self->state.transport->fetch_gap(*req, self);
    },
    [self](atom::frame) { return self->state.data->stats(); },
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      st.now = std::max(st.now, now);
      st.timers.advance(self, st.now);
      for (auto& line : st.faults.flush(st.now))
        publish(self, severity::warning, std::move(line));
      if (!st.health->idle(st.now))
        return;
      // Stale events of the closed connection must not count as its close.
      ++st.conn;
      st.transport->close_stream();
      auto idle = std::chrono::duration_cast<std::chrono::seconds>(st.cfg.market.idle_timeout);
      stream_down(self, fmt::format("no data for {} s", idle.count()));
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
      else
        self->state.sinks[name] = caf::actor_cast<market_data_sink_actor>(hdl);
    },
    [self](atom::status) { return listener_status(self->state.data->stats(), self->state.open); },
  };
}

status_report listener_status(const feed_stats& stats, bool open) {
  status_report report;
  report.service = market_listener_state::name;
  report.counters = {{"frames", static_cast<int64_t>(stats.frames)},
                     {"malformed", static_cast<int64_t>(stats.malformed)},
                     {"reconnects", static_cast<int64_t>(stats.reconnects)},
                     {"gap_filled", static_cast<int64_t>(stats.gap_filled)},
                     {"duplicates", static_cast<int64_t>(stats.duplicates)},
                     {"gaps_unfilled", static_cast<int64_t>(stats.gaps_unfilled)}};
  report.facts = {{"stream", open ? "open" : "closed"}};
  return report;
}

caf::expected<caf::actor> spawn_market_listener(service_context& ctx) {
  if (!ctx.io)
    return caf::make_error(ec::missing_service, "market_listener needs the network thread");
  std::string error;
  auto transport = make_net_transport(*ctx.io, ctx.cfg, error);
  if (!transport)
    return caf::make_error(ec::invalid_config, "exchange: " + error);
  auto hdl = ctx.sys.spawn(market_listener_behavior, ctx.cfg,
                           std::shared_ptr<market_transport>{std::move(transport)},
                           jitter_seed(ctx.cfg.market));
  return caf::actor_cast<caf::actor>(hdl);
}

} // namespace tn
