#include "actors/trader/decision_steps.hpp"
#include "actors/trader/trader_state.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tn::trader_shell {

namespace {

/// 1h bars fetched for the evaluator (EMA50 and its warm-up).
constexpr uint32_t evaluator_bars = 100;

/// Every part answered: the snapshot is complete and its gaps named. The
/// prompt is made from it only when the agent is asked (trader_model.cpp):
/// the evaluator decides on the snapshot itself.
void complete(trader_ptr self, const run_ptr& run) {
  value_positions(run->snapshot);
  // A decision on partial history says so, to the model and in the journal.
  std::sort(run->history_gaps.begin(), run->history_gaps.end());
  for (auto& gap : run->history_gaps)
    run->snapshot.history_gaps += (run->snapshot.history_gaps.empty() ? "" : "; ") + gap;
  run->record.history_gaps = run->snapshot.history_gaps;
  decide(self, run);
}

void query_done(trader_ptr self, const run_ptr& run) {
  if (--run->pending_queries == 0)
    complete(self, run);
}

} // namespace

void gather(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  auto& snap = run->snapshot;
  snap.ts = run->trigger.ts;
  snap.trigger = run->trigger;
  snap.memory = st.memory;
  snap.safety = st.setup.cfg.safety;
  for (auto& symbol : st.setup.symbols) {
    symbol_snapshot s;
    s.symbol = symbol;
    for (auto span : st.setup.cfg.prompt_intervals)
      s.candles.push_back(candle_set{span, {}});
    snap.symbols.push_back(std::move(s));
  }
  // The market context: whatever of it answers in time.
  run->pending_queries += ask_context(
    self, st.context, st.setup.query_timeout,
    std::shared_ptr<market_snapshot>{run, &run->snapshot}, [self, run](bool answered) {
      if (!answered)
        ++self->state.counters.context_missing;
      query_done(self, run);
    });
  if (st.tracker) {
    ++run->pending_queries;
    self->request(st.tracker, st.setup.query_timeout, atom::positions_v)
      .then(
        [self, run](std::vector<position>& xs) {
          for (auto& x : xs)
            run->snapshot.positions.push_back(
              {x.symbol, to_double(x.quantity), to_double(x.entry_price), 0, x.opened});
          query_done(self, run);
        },
        [self, run](caf::error& err) {
          run->history_gaps.push_back("open positions: unavailable (" + error_text(err) + ")");
          query_done(self, run);
        });
  }
  if (!st.store) {
    publish_event(self, snap.ts, severity::warning, "no market store: deciding without candles");
    if (run->pending_queries == 0)
      complete(self, run);
    return;
  }
  auto on_error = [self, run](caf::error&) {
    ++self->state.counters.store_errors;
    query_done(self, run);
  };
  auto shown = st.setup.cfg.prompt_bars;
  for (size_t i = 0; i < snap.symbols.size(); ++i) {
    auto& symbol = snap.symbols[i].symbol;
    for (size_t j = 0; j < snap.symbols[i].candles.size(); ++j) {
      ++run->pending_queries;
      auto span = snap.symbols[i].candles[j].span;
      auto what = symbol + " " + to_string(span);
      // The evaluator's trend needs more 1h bars than the prompt shows.
      auto count = span == interval::h1 ? std::max(shown, evaluator_bars) : shown;
      self->request(st.store, st.setup.query_timeout, atom::candles_v, symbol, span, count,
                    snap.ts)
        .then(
          [self, run, i, j, what, shown](std::vector<candle>& bars) {
            if (bars.size() < shown)
              run->history_gaps.push_back(what + ": " + std::to_string(bars.size()) + " of "
                                          + std::to_string(shown) + " bars");
            run->snapshot.symbols[i].candles[j].bars = std::move(bars);
            query_done(self, run);
          },
          [self, run, what](caf::error&) {
            ++self->state.counters.store_errors;
            run->history_gaps.push_back(what + ": unavailable");
            query_done(self, run);
          });
    }
    // The last price: the latest tick, not the last closed minute.
    ++run->pending_queries;
    self->request(st.store, st.setup.query_timeout, atom::price_v, symbol)
      .then(
        [self, run, i](double price) {
          run->snapshot.symbols[i].last_price = price;
          query_done(self, run);
        },
        on_error);
  }
}

} // namespace tn::trader_shell
