#include "actors/macro_regime/macro_regime_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "runtime/process/environment.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace tn {

namespace {

struct macro_regime_state {
  static inline const char* name = "macro_regime";
  std::optional<macro_regime> logic;
  std::shared_ptr<fred_client> fred;
  event_log_actor log;
  // The learner counts closed trades in the current regime: told every
  // change, and everything when it (re)appears.
  learner_actor learner;
  std::optional<std::string> told; // the quadrant the learner was last told
  std::optional<timestamp> now; // the last time seen
};

using macro_ptr = macro_regime_actor::stateful_pointer<macro_regime_state>;

/// How far back a refresh asks the API: the moving average's window plus
/// the year its YoY looks back, for quarterly series too, with room for
/// missing values.
timespan lookback(const macro_config& cfg) {
  return std::chrono::hours{24} * 92 * (static_cast<int64_t>(cfg.window) + 8);
}

/// Tells the learner the quadrant if it changed since it was last told.
void tell_learner(macro_ptr self) {
  auto& st = self->state;
  std::string regime = to_string(st.logic->regime());
  if (!st.learner || st.told == regime)
    return;
  st.told = regime;
  self->send(st.learner, atom::macro_v, regime);
}

void tell(macro_ptr self, const std::optional<macro_notice>& notice) {
  if (notice)
    publish_event(self, self->state.now.value_or(timestamp{}),
                  notice->warning ? severity::warning : severity::info, notice->text);
  tell_learner(self);
}

void refresh(macro_ptr self, timestamp now) {
  auto& st = self->state;
  auto& logic = *st.logic;
  auto id = logic.begin_refresh(now);
  if (logic.source() == macro_source::files) {
    for (size_t i = 0; i < 2; ++i)
      tell(self, logic.on_series(id, i, read_fred_csv_file(logic.file(i))));
    return;
  }
  // The I/O thread must not keep the actor alive.
  auto weak = caf::actor_cast<caf::weak_actor_ptr>(self);
  for (uint64_t i = 0; i < 2; ++i)
    st.fred->observations(logic.series_id(i), now - lookback(logic.config()),
                          [weak, id, i](std::string body, std::string error) {
                            if (auto strong = weak.lock())
                              caf::anon_send(caf::actor_cast<macro_regime_actor>(strong),
                                             atom::macro_v, id, i, std::move(body),
                                             std::move(error));
                          });
}

std::string indicator_fact(const std::string& series, const indicator_reading& x) {
  if (x.trend == macro_trend::unknown)
    return fmt::format("unknown ({}: {})", series, x.why);
  return fmt::format("{} {:.2f}% vs {:.2f}% average ({}, as of {})", to_string(x.trend),
                     x.latest, x.average, series, format_iso_date(x.as_of));
}

status_report report(macro_ptr self) {
  auto& logic = *self->state.logic;
  auto& s = logic.stats();
  auto r = counters_report(macro_regime_state::name, {{"refreshes", s.refreshes},
                                                      {"refreshes_failed", s.failed},
                                                      {"changes", s.changes},
                                                      {"stale_results", s.stale_results}});
  r.facts["regime"] = to_string(logic.regime());
  r.facts["source"] = to_string(logic.source());
  if (auto& reading = logic.reading()) {
    r.facts["growth"] = indicator_fact(logic.series_id(0), reading->growth);
    r.facts["inflation"] = indicator_fact(logic.series_id(1), reading->inflation);
  }
  if (auto next = logic.next_refresh())
    r.facts["next_refresh"] = format_timestamp(*next);
  if (!logic.last_failure().empty())
    r.facts["last_failure"] = logic.last_failure();
  return r;
}

macro_regime_actor::behavior_type macro_regime_behavior(macro_ptr self, macro_config cfg,
                                                        macro_source source,
                                                        std::shared_ptr<fred_client> fred) {
  self->state.logic.emplace(std::move(cfg), source);
  self->state.fred = std::move(fred);
  return {
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      bool first = !st.now;
      if (st.now && now < *st.now)
        return; // time never goes back
      st.now = now;
      if (first)
        tell(self, st.logic->start_notice());
      if (st.logic->due(now))
        refresh(self, now);
    },
    [self](atom::macro, uint64_t id, uint64_t index, std::string& body, std::string& error) {
      series_result r;
      r.error = std::move(error);
      if (r.error.empty())
        if (auto why = parse_fred_json(body, r.observations); !why.empty()) {
          r.observations.clear();
          r.error = std::move(why);
        }
      tell(self, self->state.logic->on_series(id, index, std::move(r)));
    },
    [self](atom::macro) { return std::string{to_string(self->state.logic->regime())}; },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "event_log") {
        st.log = caf::actor_cast<event_log_actor>(hdl);
      } else if (name == "learner") {
        // A new learner knows nothing yet: tell it again.
        st.learner = caf::actor_cast<learner_actor>(hdl);
        st.told.reset();
        tell_learner(self);
      }
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

macro_regime_actor spawn_macro_regime(caf::actor_system& sys, macro_config cfg,
                                      macro_source source, std::shared_ptr<fred_client> fred) {
  return sys.spawn(macro_regime_behavior, std::move(cfg), source, std::move(fred));
}

caf::expected<caf::actor> spawn_macro_regime(service_context& ctx) {
  auto cfg = ctx.cfg.section<macro_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  auto key = current_env(cfg.auth_env);
  std::shared_ptr<fred_client> fred;
  auto source = macro_source::none;
  if (!key.empty() && ctx.io != nullptr) {
    std::string error;
    fred = fred_client::make(*ctx.io, cfg.base_url, std::move(key), cfg.ca_file, cfg.timeout,
                             error);
    if (!fred)
      return caf::make_error(ec::invalid_config, "macro.base_url: " + error);
    source = macro_source::fred;
  } else if (!cfg.growth_file.empty()) {
    source = macro_source::files;
  }
  return caf::actor_cast<caf::actor>(
    spawn_macro_regime(ctx.sys, std::move(cfg), source, std::move(fred)));
}

} // namespace tn
