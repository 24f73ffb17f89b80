#include "actors/market_store/market_store_actor.hpp"

#include "actors/market_store/market_store_behavior.hpp"
#include "messages/error.hpp"
#include "runtime/service_events.hpp"

#include <caf/actor_system.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace tn {

namespace {

using self_ptr = market_store_actor::stateful_pointer<market_store_state>;

void request_history(self_ptr self, const std::vector<bar_request>& requests) {
  auto& st = self->state;
  for (auto& req : requests) {
    auto id = st.next_id++;
    st.pending.emplace(id, req);
    st.history->fetch(id, req, self);
  }
}

status_report store_status(const market_store_state& st) {
  status_report report;
  report.service = market_store_state::name;
  for (auto& [span, n] : st.store->counts())
    report.counters[std::string{"candles_"} + to_string(span)] = static_cast<int64_t>(n);
  report.counters["history_bars"] = static_cast<int64_t>(st.history_bars);
  report.counters["history_errors"] = static_cast<int64_t>(st.history_errors);
  report.counters["history_pending"] = static_cast<int64_t>(st.pending.size());
  for (auto& sym : st.store->symbols())
    if (auto px = st.store->last_price(sym))
      report.facts["price:" + sym] = fmt::format("{}", *px);
  return report;
}

} // namespace

market_store_actor::behavior_type
market_store_behavior(self_ptr self, node_config cfg, std::shared_ptr<history_source> history,
                      uint64_t seed) {
  auto& st = self->state;
  st.store = std::make_unique<market_store>(cfg.market.symbols, cfg.market.history_bars,
                                            cfg.market.warmup_bars);
  st.history = std::move(history);
  st.retry = std::make_unique<reconnect_backoff>(cfg.market.reconnect, seed);
  return {
    [self](const tick_batch& batch) {
      auto& st = self->state;
      for (auto& t : batch.ticks)
        st.now = std::max(st.now, t.ts_event);
      for (auto& line : st.faults.flush(st.now))
        publish_event(self, "market", st.now, severity::warning, std::move(line));
      std::vector<bar_request> requests;
      self->state.store->on_batch(batch, requests);
      request_history(self, requests);
    },
    [self](atom::warmup, uint64_t id, const std::vector<candle>& bars) {
      auto& st = self->state;
      if (st.pending.erase(id) == 0)
        return;
      st.retry->reset();
      st.history_bars += bars.size();
      st.store->on_history(bars);
      // The warm-up's requests all leave with the first tick; once none is
      // left the operator learns what the decisions start from.
      if (!st.warm && st.pending.empty()) {
        st.warm = true;
        publish_event(self, "market", st.now, severity::info,
                      fmt::format("warm-up done: {} bars of history for {} symbols{}",
                                  st.history_bars, st.store->symbols().size(),
                                  st.history_errors > 0
                                    ? fmt::format(" ({} failed requests retried)",
                                                  st.history_errors)
                                    : std::string{}));
      }
    },
    [self](atom::warmup, uint64_t id, const std::string& error, timespan wait) {
      auto& st = self->state;
      auto i = st.pending.find(id);
      if (i == st.pending.end())
        return;
      ++st.history_errors;
      // Never retry earlier than the exchange asked (429/418 bans grow).
      auto delay = std::max(st.retry->next(), wait);
      auto what = fmt::format("history {} {} failed", i->second.symbol, to_string(i->second.span));
      if (auto line = st.faults.record(st.now, what, error))
        publish_event(self, "market", st.now, severity::warning,
                      fmt::format("{}; retry in {} ms", *line,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(delay)
                                    .count()));
      st.timers.arm(delay, atom::warmup_v, id);
    },
    [self](atom::warmup, uint64_t id) {
      auto& st = self->state;
      if (auto i = st.pending.find(id); i != st.pending.end())
        st.history->fetch(id, i->second, self);
    },
    [self](atom::candles, const std::string& symbol, interval span, uint32_t count,
           timestamp as_of) { return self->state.store->last(symbol, span, count, as_of); },
    [self](atom::price, const std::string& symbol) {
      auto& store = *self->state.store;
      if (auto px = store.last_price(symbol))
        return *px;
      auto bars = store.last(symbol, interval::m1, 1);
      return bars.empty() ? 0.0 : bars.back().close;
    },
    [self](atom::symbols) { return self->state.store->symbols(); },
    [self](atom::time, timestamp now) { self->state.timers.advance(self, now); },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
    },
    [self](atom::status) { return store_status(self->state); },
  };
}

caf::expected<caf::actor> spawn_market_store(service_context& ctx) {
  if (!ctx.io)
    return caf::make_error(ec::missing_service, "market_store needs the network thread");
  std::string error;
  auto history = make_rest_history(*ctx.io, ctx.cfg, error);
  if (!history)
    return caf::make_error(ec::invalid_config, "exchange: " + error);
  return spawn_market_store(ctx, std::move(history));
}

caf::expected<caf::actor> spawn_market_store(service_context& ctx,
                                             std::shared_ptr<history_source> history) {
  // Not the listener's seed: the two must not retry in step.
  return caf::actor_cast<caf::actor>(ctx.sys.spawn(market_store_behavior, ctx.cfg,
                                                   std::move(history),
                                                   jitter_seed(ctx.cfg.market) + 1));
}

} // namespace tn
