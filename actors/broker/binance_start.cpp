#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/broker_journal.hpp"
#include "messages/events.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"

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

/// The holdings of the traded symbols the exchange lists, each with its
/// lot step; `fill` sets a symbol's quantity (and entry price) from what
/// the exchange answered.
template <class Fill>
exchange_holdings holdings(broker_ptr self, bool futures, Fill fill) {
  auto& st = self->state;
  exchange_holdings out;
  out.futures = futures;
  out.ts = st.now;
  for (auto& symbol : st.setup.symbols) {
    const auto* f = st.filters->find(symbol);
    if (!f)
      continue;
    exchange_holding h;
    h.symbol = symbol;
    h.lot_step = f->lot ? f->lot->step_size : decimal{};
    fill(*f, h);
    out.symbols.push_back(std::move(h));
  }
  return out;
}

/// Spot: the base asset's free and locked balance.
exchange_holdings spot_holdings(broker_ptr self, const std::vector<asset_balance>& balances) {
  return holdings(self, false, [&](const symbol_filters& f, exchange_holding& h) {
    for (auto& b : balances)
      if (b.asset == f.base_asset)
        h.quantity = b.free + b.locked;
  });
}

/// Futures: each symbol's position, signed (one-way mode: one per symbol).
exchange_holdings futures_holdings(broker_ptr self, const std::vector<futures_position>& xs) {
  return holdings(self, true, [&](const symbol_filters&, exchange_holding& h) {
    for (auto& p : xs)
      if (p.symbol == h.symbol) {
        h.quantity += p.amount;
        h.entry_price = p.entry_price;
      }
  });
}

void reconcile_failed(broker_ptr self, const std::string& why) {
  auto& st = self->state;
  st.reconciling = false;
  st.reconcile_retry_at = st.now + rules_retry;
  publish_event(self, st.now, severity::warning,
                "cannot reconcile the positions with the exchange (" + why
                  + "); entries are refused until they are, tried again in "
                  + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(rules_retry)
                                     .count())
                  + " s");
}

void tell_reconciler(broker_ptr self, exchange_holdings h) {
  auto& st = self->state;
  self->request(st.reconciler, broker_journal_timeout, atom::reconcile_v, std::move(h))
    .then(
      [self](uint32_t changed) {
        auto& st = self->state;
        st.reconciling = false;
        st.positions_reconciled = true;
        publish_event(self, st.now, changed > 0 ? severity::warning : severity::info,
                      "positions reconciled with the exchange's holdings: "
                        + std::to_string(changed) + " corrected; entries are accepted");
      },
      [self](caf::error& err) { reconcile_failed(self, "the position tracker: " + error_text(err)); });
}

/// Once the journal's open orders are resolved (their fills are in the
/// positions) and the trading rules are loaded: the exchange's holdings
/// are read and handed to the position tracker to correct its positions.
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

void reconcile_positions(broker_ptr self) {
  auto& st = self->state;
  if (!st.reconciled || st.positions_reconciled || st.reconciling || !st.filters
      || !st.reconciler || st.now < st.reconcile_retry_at)
    return;
  for (auto& [id, o] : st.followed)
    if (o.unresolved)
      return;
  st.reconciling = true;
  auto spot_market = market(self) == market_kind::spot;
  auto call = spot_market ? balances_call(market(self)) : positions_call();
  exchange_call(self, call, [self, spot_market](const binance_answer& a) {
    auto& st = self->state;
    std::string error;
    if (kind_of(a) != answer_kind::ok)
      return reconcile_failed(self, why_of(a));
    if (spot_market) {
      std::vector<asset_balance> balances;
      if (!parse_balances(a.body, market(self), balances, error))
        return reconcile_failed(self, error);
      return tell_reconciler(self, spot_holdings(self, balances));
    }
    std::vector<futures_position> positions;
    if (!parse_positions(a.body, positions, error))
      return reconcile_failed(self, error);
    st.positions = positions;
    tell_reconciler(self, futures_holdings(self, positions));
  });
}

} // namespace tn::binance_shell
