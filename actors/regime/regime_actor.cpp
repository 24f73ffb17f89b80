#include "actors/regime/regime_actor.hpp"

#include "actors/market_listener/fault_tally.hpp"
#include "actors/market_listener/reconnect_backoff.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "actors/regime/regime_tracker.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/regime.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace tn {

namespace {

struct regime_state {
  static inline const char* name = "regime_detector";
  std::unique_ptr<regime_tracker> tracker;
  hmm_options hmm;
  daily_fetch fetch;
  std::unique_ptr<reconnect_backoff> retry;
  uint64_t fetch_id = 0; // the newest fetch; older answers are stale
  uint64_t fit_id = 0;   // the newest fit; older results are stale
  timestamp now;         // the newest event time seen
  event_log_actor log;
  // The learner counts closed trades in the current regime: told every
  // change, and everything when it (re)appears.
  learner_actor learner;
  std::string told; // the regime the learner was last told
  // Failed fetches: the first of an hour is said as it comes, the rest
  // summed up in one line when the hour ends.
  fault_tally faults{std::chrono::hours{1}};
  uint64_t stream_closes = 0; // days closed by the stream's 1m bars
  uint64_t history_bars = 0;  // daily bars received over REST
  uint64_t history_errors = 0;
  bool fits_on_own_thread = true; // false in a backtest: fits run inline
};

using self_ptr = regime_detector_actor::stateful_pointer<regime_state>;

std::string day_text(timestamp t) {
  return format_timestamp_seconds(t).substr(0, 10);
}

/// "low_vol (P 0.84)".
std::string regime_text(const regime_status& st) {
  return fmt::format("{} (P {:.2f})", st.regime,
                     st.regime == "high_vol" ? st.p_high_vol : st.p_low_vol);
}

void fetch(self_ptr self, const bar_request& req) {
  auto id = ++self->state.fetch_id;
  // The fetch's thread must not keep the detector alive.
  auto weak = caf::actor_cast<caf::weak_actor_ptr>(caf::actor_cast<regime_detector_actor>(self));
  self->state.fetch(req, [weak, id](klines_result res) {
    auto strong = weak.lock();
    if (!strong)
      return;
    auto hdl = caf::actor_cast<regime_detector_actor>(strong);
    if (res.error.empty())
      caf::anon_send(hdl, atom::warmup_v, id, std::move(res.bars));
    else
      caf::anon_send(hdl, atom::warmup_v, id, std::move(res.error), res.retry_after);
  });
}

/// Fits in a detached actor of its own: a fit takes tens of milliseconds
/// on a year and must not hold up the scheduler's threads.
void start_fit(self_ptr self) {
  auto& st = self->state;
  auto returns = st.tracker->start_fit();
  auto id = ++st.fit_id;
  if (!st.fits_on_own_thread) {
    // A backtest: the fit's result arrives as the next message, in order.
    self->send(self, atom::fitted_v, id, to_regime_model(fit_hmm(returns, st.hmm)));
    return;
  }
  auto weak = caf::actor_cast<caf::weak_actor_ptr>(caf::actor_cast<regime_detector_actor>(self));
  self->system().spawn([returns = std::move(returns), options = st.hmm, id,
                        weak](caf::blocking_actor*) {
    auto model = to_regime_model(fit_hmm(returns, options));
    if (auto strong = weak.lock())
      caf::anon_send(caf::actor_cast<regime_detector_actor>(strong), atom::fitted_v, id,
                     std::move(model));
  });
}

/// Tells the learner the regime if it changed since it was last told.
void tell_learner(self_ptr self) {
  auto& st = self->state;
  auto& regime = st.tracker->status().regime;
  if (!st.learner || regime == st.told)
    return;
  st.told = regime;
  self->send(st.learner, atom::regime_v, regime);
}

/// Whatever is due at the newest event time: a fetch, a fit.
void step(self_ptr self) {
  auto& st = self->state;
  tell_learner(self);
  if (st.now == timestamp{})
    return;
  if (auto req = st.tracker->fetch_due(st.now))
    fetch(self, *req);
  if (st.tracker->fit_due())
    start_fit(self);
}

/// A new daily close arrived: says where the regime stands after it.
void on_new_close(self_ptr self, const std::string& before) {
  auto& st = self->state.tracker->status();
  if (st.model.observations == 0)
    return;
  auto text = fmt::format("{} closed {}: {}", st.symbol, day_text(st.last_close), regime_text(st));
  if (st.regime != before)
    text += " (was " + before + ")";
  publish_event(self, "regime", self->state.now, severity::info, std::move(text));
}

void on_fit(self_ptr self, const regime_model& model) {
  auto& tracker = *self->state.tracker;
  auto before = tracker.status().regime;
  tracker.on_fit(model);
  auto& st = tracker.status();
  publish_event(self, "regime", self->state.now, severity::info,
                fmt::format("fitted {} daily returns of {} to {}: {}; daily sd {:.2f}% low_vol, "
                            "{:.2f}% high_vol; loglik {:.1f} after {} iterations{}",
                            model.observations, st.symbol, day_text(st.fitted_through),
                            regime_text(st), 100 * std::sqrt(model.variances[0]),
                            100 * std::sqrt(model.variances[1]), model.loglik, model.iterations,
                            before != "unknown" && before != st.regime ? " (was " + before + ")"
                                                                       : std::string{}));
}

status_report report(const regime_state& s) {
  auto& st = s.tracker->status();
  auto r = counters_report(regime_state::name, {{"fits", st.fits},
                                                {"days", st.days},
                                                {"stream_closes", s.stream_closes},
                                                {"history_bars", s.history_bars},
                                                {"history_errors", s.history_errors}});
  r.facts["symbol"] = st.symbol;
  r.facts["regime"] = st.regime;
  if (st.model.observations > 0)
    r.facts["p_high_vol"] = fmt::format("{:.4f}", st.p_high_vol);
  if (!st.note.empty())
    r.facts["note"] = st.note;
  return r;
}

regime_detector_actor::behavior_type regime_behavior(self_ptr self, regime_config cfg,
                                                     daily_fetch fetch, backoff_policy retry,
                                                     uint64_t seed, bool fits_on_own_thread) {
  auto& st = self->state;
  st.fits_on_own_thread = fits_on_own_thread;
  st.hmm = cfg.hmm;
  st.tracker = std::make_unique<regime_tracker>(std::move(cfg));
  st.fetch = std::move(fetch);
  st.retry = std::make_unique<reconnect_backoff>(retry, seed);
  return {
    [self](const tick_batch& batch) {
      auto& st = self->state;
      for (auto& t : batch.ticks)
        st.now = std::max(st.now, t.ts_event);
      for (auto& bar : batch.closed) {
        auto before = st.tracker->status().regime;
        if (!st.tracker->on_closed(bar))
          continue;
        ++st.stream_closes;
        st.now = std::max(st.now, bar.open_time + length_of(bar.span));
        on_new_close(self, before);
      }
      step(self);
    },
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      st.now = std::max(st.now, now);
      for (auto& line : st.faults.flush(st.now))
        publish_event(self, "regime", st.now, severity::warning, std::move(line));
      step(self);
    },
    [self](atom::warmup, uint64_t id, const std::vector<candle>& bars) {
      auto& st = self->state;
      if (id != st.fetch_id)
        return;
      st.retry->reset();
      st.history_bars += bars.size();
      auto before = st.tracker->status().regime;
      if (st.tracker->on_history(bars))
        on_new_close(self, before);
      step(self);
    },
    [self](atom::warmup, uint64_t id, const std::string& error, timespan wait) {
      auto& st = self->state;
      if (id != st.fetch_id)
        return;
      ++st.history_errors;
      // Never earlier than the exchange asked (429/418 bans grow).
      auto delay = std::max(st.retry->next(), wait);
      st.tracker->on_history_failed(error, st.now + delay);
      auto what = fmt::format("daily klines of {} failed", st.tracker->status().symbol);
      auto detail = fmt::format(
        "{}; retry in {} ms", error,
        std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
      if (auto line = st.faults.record(st.now, what, detail))
        publish_event(self, "regime", st.now, severity::warning, std::move(*line));
    },
    [self](atom::fitted, uint64_t id, const regime_model& model) {
      if (id != self->state.fit_id)
        return;
      on_fit(self, model);
      step(self);
    },
    [self](atom::regime) { return self->state.tracker->status(); },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "event_log") {
        st.log = caf::actor_cast<event_log_actor>(hdl);
      } else if (name == "learner") {
        // A new learner knows nothing yet: tell it again.
        st.learner = caf::actor_cast<learner_actor>(hdl);
        st.told.clear();
        tell_learner(self);
      }
    },
    [self](atom::status) { return report(self->state); },
  };
}

} // namespace

regime_detector_actor spawn_regime_detector(caf::actor_system& sys, regime_config cfg,
                                            daily_fetch fetch, backoff_policy retry,
                                            uint64_t seed, bool fits_on_own_thread) {
  return sys.spawn(regime_behavior, std::move(cfg), std::move(fetch), retry, seed,
                   fits_on_own_thread);
}

caf::expected<caf::actor> spawn_regime_detector(service_context& ctx) {
  auto& cfg = ctx.cfg.section<regime_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  if (!ctx.io)
    return caf::make_error(ec::missing_service, "regime_detector needs the network thread");
  std::string error;
  auto rest = shared_rest_scheduler(*ctx.io, ctx.cfg, error);
  if (!rest)
    return caf::make_error(ec::invalid_config, "exchange: " + error);
  daily_fetch fetch = [rest, exchange = ctx.cfg.exchange](const bar_request& req,
                                                         std::function<void(klines_result)> done) {
    fetch_klines(*rest, exchange, req, std::move(done));
  };
  // Not the market services' seeds: the three must not retry in step.
  return caf::actor_cast<caf::actor>(spawn_regime_detector(
    ctx.sys, cfg, std::move(fetch), ctx.cfg.market.reconnect, jitter_seed(ctx.cfg.market) + 2));
}

} // namespace tn
