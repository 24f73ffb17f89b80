#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/broker_journal.hpp"
#include "messages/events.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tn::binance_shell {

namespace {

/// Every order the journal left without a final state is followed again
/// (so a copy sent again is known), and read back by its client id once
/// the exchange's clock is measured: adopted when the exchange knows it,
/// dropped when not.
void reconcile(broker_ptr self, execution_journal& j) {
  auto& st = self->state;
  st.day = j.day;
  st.realized_pnl_day = j.realized_pnl_day;
  auto fees = j.fees_day.find(config(self).quote_asset);
  st.fees_day = fees == j.fees_day.end() ? decimal{} : fees->second;
  for (auto& jo : j.open_orders) {
    followed_order o;
    o.request = jo.request;
    o.last = jo.last;
    o.algo = is_algo(market(self), jo.request);
    o.unresolved = true;
    o.busy = true; // looked up by reconcile_at_exchange, not by the follow-up
    auto id = jo.request.client_id;
    st.followed[id] = std::move(o);
    publish_event(self, st.now, severity::info,
                  "order " + id + " was " + to_string(jo.last.state)
                    + " when the node stopped: looked up at the exchange");
    ++st.adopted;
  }
  reconcile_at_exchange(self);
}

} // namespace

void load_rules(broker_ptr self) {
  auto& st = self->state;
  if (st.filters || st.rules_pending || st.now < st.rules_retry_at)
    return;
  st.rules_pending = true;
  exchange_call(self, exchange_info_call(market(self), st.setup.symbols),
                [self](const binance_answer& a) {
                  auto& st = self->state;
                  st.rules_pending = false;
                  exchange_filters filters;
                  std::string error;
                  if (kind_of(a) != answer_kind::ok
                      || !parse_exchange_info(a.body, market(self), filters, error)) {
                    st.rules_retry_at = st.now + rules_retry;
                    publish_event(self, st.now, severity::error,
                                  "cannot load the exchange's trading rules ("
                                    + (error.empty() ? why_of(a) : error)
                                    + "); orders are refused until they are");
                    return;
                  }
                  st.limits.set_limits(a.body);
                  st.filters = std::move(filters);
                });
}

void read_balances(broker_ptr self) {
  auto& st = self->state;
  if (st.balances_pending)
    return;
  st.balances_pending = true;
  st.balances_at = st.now;
  exchange_call(self, balances_call(market(self)), [self](const binance_answer& a) {
    auto& st = self->state;
    std::vector<asset_balance> balances;
    std::string error;
    if (kind_of(a) != answer_kind::ok || !parse_balances(a.body, market(self), balances, error)) {
      st.balances_pending = false;
      publish_event(self, st.now, severity::warning,
                    "cannot read the balances: " + (error.empty() ? why_of(a) : error));
      return;
    }
    auto done = [self, balances]() mutable {
      auto& st = self->state;
      st.balances_pending = false;
      bool first = !st.balances;
      st.balances = balances;
      if (first)
        publish_event(self, st.now, severity::info,
                      "balances read from the exchange: " + std::to_string(balances.size())
                        + " assets");
      if (st.journal)
        self->request(st.journal, broker_journal_timeout, atom::publish_v, balances)
          .then([](uint64_t) {},
                [self](caf::error& err) { journal_failed(self, "balances", err); });
    };
    if (market(self) == market_kind::spot)
      return done();
    exchange_call(self, positions_call(), [self, done](const binance_answer& a) mutable {
      std::vector<futures_position> positions;
      std::string error;
      if (kind_of(a) == answer_kind::ok && parse_positions(a.body, positions, error))
        self->state.positions = std::move(positions);
      done();
    });
  });
}

void restore(broker_ptr self) {
  restore_from_journal(self, [self](execution_journal& j) { reconcile(self, j); });
}

void reconcile_at_exchange(broker_ptr self) {
  auto& st = self->state;
  if (!st.restored || !st.clock.settled() || st.reconciled)
    return; // no signed request before the exchange's clock is measured
  st.reconciled = true;
  std::vector<std::string> unresolved;
  for (auto& [id, o] : st.followed)
    if (o.unresolved)
      unresolved.push_back(id);
  for (auto& id : unresolved)
    poll(self, id);
  read_balances(self);
  for (auto& id : std::exchange(st.early_cancels, {}))
    cancel(self, id);
}

} // namespace tn::binance_shell
