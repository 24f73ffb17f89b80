#include "actors/learner/learner_actor.hpp"

#include "actors/learner/learner.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/order.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tn {

namespace {

/// How long the journal may take to answer or keep a write.
constexpr auto journal_timeout = std::chrono::minutes{2};

struct learner_state {
  static inline const char* name = "learner";
  std::optional<learner> logic;
  uint64_t seed = 0;
  // Draws for the console, apart from the weights' generator.
  std::mt19937_64 report_rng;
  std::string crypto_regime; // "" unknown
  std::string macro_regime;
  journal_actor journal;
  event_log_actor log;
  bool restored = false;
  // Exits that arrived before the restore, or whose entry decision could
  // not be read: learned once the journal answers again.
  std::vector<position_exit> waiting;
  // Positions whose entry decision is being read.
  std::set<std::string> in_flight;
  // Learned, but the journal did not keep it: written again when the
  // journal is back (the journal adds increments, so order does not matter).
  std::vector<learner_update> unwritten;
  uint64_t exits = 0;          // position_exit messages received
  uint64_t repeated_exits = 0; // exits of positions learned or being learned
  uint64_t caught_up = 0;      // journaled exits learned at start, missed before
  uint64_t no_entry = 0;       // trades whose entry decision the journal lacks
  uint64_t lookups_failed = 0;
  uint64_t writes_failed = 0;
};

using learner_ptr = learner_actor::stateful_pointer<learner_state>;

std::string current_regime(const learner_state& st) {
  return regime_key(st.crypto_regime, st.macro_regime);
}

void write(learner_ptr self, learner_update up) {
  auto& st = self->state;
  if (!st.journal) {
    st.unwritten.push_back(std::move(up));
    return;
  }
  self->request(st.journal, journal_timeout, atom::publish_v, up)
    .then([](uint64_t) {},
          [self, up](caf::error& err) mutable {
            ++self->state.writes_failed;
            publish_event(self, up.trade.closed, severity::warning,
                          "the learned trade of " + up.trade.position_id
                            + " was not journaled (" + error_text(err)
                            + "); written again when the journal is back");
            self->state.unwritten.push_back(std::move(up));
          });
}

/// Applies a closed trade with its entry decision, once, and journals it.
void learn(learner_ptr self, const position_exit& x, const learner_entry& entry) {
  auto& st = self->state;
  if (!entry.found)
    ++st.no_entry;
  auto trade = st.logic->trade_of(x, entry, current_regime(st));
  if (auto up = st.logic->apply(trade))
    write(self, std::move(*up));
}

void on_exit(learner_ptr self, const position_exit& x) {
  auto& st = self->state;
  if (st.logic->applied(x.position_id) || st.in_flight.count(x.position_id) > 0) {
    ++st.repeated_exits;
    return;
  }
  if (!st.restored || !st.journal) {
    st.waiting.push_back(x);
    return;
  }
  st.in_flight.insert(x.position_id);
  self->request(st.journal, journal_timeout, atom::entry_v, x.entry_decision_id, x.symbol)
    .then(
      [self, x](learner_entry& entry) {
        self->state.in_flight.erase(x.position_id);
        learn(self, x, entry);
      },
      [self, x](caf::error& err) {
        auto& st = self->state;
        st.in_flight.erase(x.position_id);
        ++st.lookups_failed;
        publish_event(self, x.closed, severity::warning,
                      "cannot read the entry decision of " + x.position_id + " ("
                        + error_text(err) + "); learned when the journal answers again");
        st.waiting.push_back(x);
      });
}

/// Exits kept back and writes lost, now that the journal answers.
void retry(learner_ptr self) {
  auto& st = self->state;
  auto writes = std::exchange(st.unwritten, {});
  for (auto& up : writes)
    write(self, std::move(up));
  auto exits = std::exchange(st.waiting, {});
  for (auto& x : exits)
    on_exit(self, x);
}

/// Restores the posteriors and trades the journal kept, then learns the
/// journaled exits not learned yet (a crash between an exit and its
/// update), then what arrived meanwhile.
void restore(learner_ptr self) {
  self->request(self->state.journal, journal_timeout, atom::learner_v)
    .then(
      [self](learner_journal& kept) {
        auto& st = self->state;
        st.logic->restore(kept.posteriors, kept.trades);
        for (auto& p : kept.pending)
          if (!st.logic->applied(p.exit.position_id)) {
            ++st.caught_up;
            learn(self, p.exit, p.entry);
          }
        st.restored = true;
        retry(self);
      },
      [self](caf::error& err) {
        auto& st = self->state;
        publish_event(self, timestamp{}, severity::error,
                      "cannot restore the learner from the journal (" + error_text(err)
                        + "): it learns from new trades only, without those kept before");
        st.restored = true;
        retry(self);
      });
}

status_report report(learner_ptr self) {
  auto& st = self->state;
  auto& c = st.logic->counters();
  auto r = counters_report(learner_state::name,
                           {{"exits", st.exits},
                            {"applied", c.applied},
                            {"caught_up", st.caught_up},
                            {"repeated_exits", st.repeated_exits + c.duplicates},
                            {"no_entry", st.no_entry},
                            {"signals_dropped", c.signals_dropped},
                            {"lookups_failed", st.lookups_failed},
                            {"writes_failed", st.writes_failed},
                            {"unwritten", st.unwritten.size()},
                            {"waiting", st.waiting.size()},
                            {"trades", st.logic->trades_in(global_scope)}});
  r.facts["regime"] = current_regime(st);
  r.facts["seed"] = std::to_string(st.seed);
  r.facts["restored"] = st.restored ? "yes" : "no";
  return r;
}

learner_actor::behavior_type learner_behavior(learner_ptr self, learner_config cfg,
                                              uint64_t seed) {
  auto& st = self->state;
  st.seed = seed;
  st.report_rng.seed(seed ^ 0x9e3779b97f4a7c15ULL);
  st.logic.emplace(std::move(cfg), seed);
  return {
    [self](const position_exit& x) {
      ++self->state.exits;
      on_exit(self, x);
    },
    [self](atom::regimes, const std::string& crypto, const std::string& macro) {
      self->state.crypto_regime = crypto;
      self->state.macro_regime = macro;
    },
    [self](atom::regime, const std::string& crypto) { self->state.crypto_regime = crypto; },
    [self](atom::macro, const std::string& macro) { self->state.macro_regime = macro; },
    [self](atom::weights) { return self->state.logic->weights(current_regime(self->state)); },
    [self](atom::learner) {
      auto& st = self->state;
      return st.logic->report(current_regime(st), st.report_rng);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "journal") {
        // The state is read once; a restarted journal gets what waited.
        auto first = !st.journal;
        st.journal = caf::actor_cast<journal_actor>(hdl);
        if (!st.journal)
          return;
        if (first)
          restore(self);
        else if (st.restored)
          retry(self);
      } else if (name == "event_log")
        st.log = caf::actor_cast<event_log_actor>(hdl);
    },
    [self](atom::status) { return report(self); },
  };
}

uint64_t seed_of(const learner_config& cfg) {
  if (cfg.seed != 0)
    return cfg.seed;
  std::random_device entropy;
  return (uint64_t{entropy()} << 32) | entropy();
}

} // namespace

learner_actor spawn_learner(caf::actor_system& sys, learner_config cfg, uint64_t seed) {
  return sys.spawn(learner_behavior, std::move(cfg), seed);
}

caf::expected<caf::actor> spawn_learner(service_context& ctx) {
  auto& cfg = ctx.cfg.section<learner_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  return caf::actor_cast<caf::actor>(spawn_learner(ctx.sys, cfg, seed_of(cfg)));
}

} // namespace tn
