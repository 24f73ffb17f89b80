#include "actors/market_listener/market_listener_actor.hpp"

#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/market_listener/stream_url.hpp"
#include "messages/error.hpp"

#include <caf/actor_system.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace tn {

namespace {

using self_ptr = market_listener_actor::stateful_pointer<market_listener_state>;

void publish(self_ptr self, severity level, std::string text) {
  if (self->state.log)
    self->send(self->state.log, atom::publish_v,
               event{self->state.now, "market", level, std::move(text)});
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
  st.refetch = std::make_unique<reconnect_backoff>(cfg.market.reconnect, seed + 1);
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
      st.reconnect->reset();
      if (st.ever_open)
        ++st.data->stats().reconnects;
      st.ever_open = true;
      publish(self, severity::info, "stream connected");
    },
    [self](atom::ws_closed, uint64_t conn, const std::string& reason) {
      auto& st = self->state;
      if (conn != st.conn)
        return;
      st.open = false;
      auto delay = st.reconnect->next();
      publish(self, severity::warning,
              fmt::format("stream closed ({}); reconnect #{} in {} ms", reason,
                          st.reconnect->attempts(),
                          std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()));
      st.timers.arm(delay, atom::connect_v);
    },
    [self](atom::frame, uint64_t conn, const tick_batch& in) {
      auto& st = self->state;
      if (conn != st.conn)
        return;
      ++st.data->stats().frames;
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
      publish(self, severity::warning, "malformed frame skipped: " + error);
    },
    [self](atom::gap_fill, const std::string& symbol, const std::vector<candle>& bars) {
      tick_batch out;
      std::vector<bar_request> fills;
      self->state.refetch->reset();
      self->state.data->on_fill(symbol, bars, out, fills);
      forward(self, std::move(out));
      request_fills(self, fills);
    },
    [self](atom::gap_fill, const std::string& symbol, const std::string& error, timespan wait) {
      // Never retry earlier than the exchange asked (429/418 bans grow).
      auto delay = std::max(self->state.refetch->next(), wait);
      publish(self, severity::warning, fmt::format("gap fill for {} failed: {}", symbol, error));
      self->state.timers.arm(delay, atom::gap_fill_v, symbol);
    },
    [self](atom::gap_fill, const std::string& symbol) {
      if (auto req = self->state.data->pending(symbol))
        self->state.transport->fetch_gap(*req, self);
    },
    [self](atom::frame) { return self->state.data->stats(); },
    [self](atom::time, timestamp now) {
      self->state.now = std::max(self->state.now, now);
      self->state.timers.advance(self, self->state.now);
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
  auto transport = make_net_transport(*ctx.io, ctx.cfg.exchange, ctx.cfg.market.idle_timeout, error);
  if (!transport)
    return caf::make_error(ec::invalid_config, "exchange: " + error);
  auto hdl = ctx.sys.spawn(market_listener_behavior, ctx.cfg,
                           std::shared_ptr<market_transport>{std::move(transport)},
                           uint64_t{0x7e57});
  return caf::actor_cast<caf::actor>(hdl);
}

} // namespace tn
