#include "actors/broker/binance_broker_actor.hpp"

#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/broker_journal.hpp"
#include "actors/market_listener/klines_fetch.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/clock.hpp"
#include "runtime/service.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>

namespace tn {

namespace {

using namespace binance_shell;
using std::chrono::milliseconds;

account_state account(broker_ptr self) {
  auto& st = self->state;
  auto& quote = config(self).quote_asset;
  account_state a;
  a.ts = st.now;
  a.quote_asset = quote;
  a.realized_pnl_today = st.realized_pnl_day;
  a.fees_today = st.fees_day;
  a.balances = *st.balances;
  for (auto& b : a.balances) {
    if (b.asset == quote) {
      a.quote_balance = b.free + b.locked;
      continue;
    }
    auto price = st.last_prices.find(b.asset + quote);
    if (market(self) == market_kind::spot && price != st.last_prices.end())
      a.equity += mul(b.free + b.locked, price->second);
  }
  a.equity += a.quote_balance;
  for (auto& p : st.positions) {
    auto price = st.last_prices.find(p.symbol);
    if (price != st.last_prices.end())
      a.equity += mul(p.amount, price->second - p.entry_price);
  }
  for (auto& [id, o] : st.followed)
    a.open_orders.push_back(o.last);
  return a;
}

/// Event time moves forward only; a new UTC day starts the day's PnL and
/// fees from zero.
void advance(broker_ptr self, timestamp ts) {
  auto& st = self->state;
  st.now = std::max(st.now, ts);
  auto day = utc_day(st.now);
  if (day > st.day) {
    st.day = day;
    st.realized_pnl_day = decimal{};
    st.fees_day = decimal{};
  }
}

binance_broker_actor::behavior_type binance_broker_behavior(broker_ptr self,
                                                            binance_setup setup) {
  self->state.setup = std::move(setup);
  return {
    [self](atom::order, order_request& x) { place(self, std::move(x)); },
    [self](atom::cancel, const std::string& client_id) { cancel(self, client_id); },
    [self](atom::balance) -> caf::result<account_state> {
      if (!self->state.balances)
        return caf::make_error(ec::network_error, "the balances are not read from the exchange yet");
      return account(self);
    },
    [self](const tick_batch& batch) {
      for (auto& t : batch.ticks) {
        advance(self, t.ts_event);
        auto price = decimal::from_double(t.price); // the market data's doubles end here
        if (price && price->is_positive())
          self->state.last_prices[t.symbol] = *price;
      }
    },
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      advance(self, now);
      sync_clock(self);
      load_rules(self);
      restore(self);
      reconcile_positions(self);
      if (st.reconciled && st.now >= st.balances_at + balances_refresh)
        read_balances(self);
      release_held(self);
      follow_up(self);
    },
    [self](binance_answer& a) { on_answer(self, a); },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "position_tracker")
        self->state.reconciler = caf::actor_cast<position_reconciler_actor>(hdl);
      if (adopt_broker_peer(self, name, hdl))
        restore(self);
    },
    [self](atom::status) {
      auto& st = self->state;
      auto r = counters_report(binance_broker_state::name,
                               {{"orders", st.orders},
                                {"rejected", st.rejected},
                                {"fills", st.fills},
                                {"journal_errors", st.journal_errors},
                                {"requests", st.requests},
                                {"clock_resyncs", st.resyncs},
                                {"clock_syncs", st.clock_syncs},
                                {"reconciled", st.adopted},
                                {"dropped", st.dropped},
                                {"open_orders", st.followed.size()},
                                {"held_orders", st.held.size()}});
      r.facts = {{"mode", "binance"},
                 {"market", market(self) == market_kind::spot ? "spot" : "futures"},
                 {"restored", st.reconciled ? "yes" : "no"},
                 {"positions", st.positions_reconciled ? "reconciled" : "not reconciled"},
                 {"rules", st.filters ? "loaded" : "not loaded"},
                 {"limits", st.limits.usage()}};
      if (auto left = pause_left(self); left > timespan{})
        r.facts["paused"] = pause_text(left);
      if (st.balances)
        r.facts["equity"] = to_string(account(self).equity, 2) + " " + config(self).quote_asset;
      return r;
    },
  };
}

} // namespace

broker_actor spawn_binance_broker(caf::actor_system& sys, binance_setup setup) {
  return caf::actor_cast<broker_actor>(sys.spawn(binance_broker_behavior, std::move(setup)));
}

caf::expected<caf::actor> spawn_binance_broker(service_context& ctx) {
  binance_setup setup;
  setup.cfg = ctx.cfg.section<binance_config>();
  setup.cfg.market = ctx.cfg.exchange.market;
  if (auto why = setup.cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  const char* key = std::getenv(binance_api_key_env);
  const char* secret = std::getenv(binance_secret_env);
  if (!key || !*key || !secret || !*secret)
    return caf::make_error(ec::invalid_config,
                           std::string{"the binance broker needs the API key pair in the "
                                       "environment: set "}
                             + binance_api_key_env + " and " + binance_secret_env);
  setup.keys = {key, secret};
  if (ctx.io == nullptr)
    return caf::make_error(ec::invalid_config, "the binance broker needs the I/O thread");
  std::string error;
  setup.http = make_rest_client(*ctx.io, ctx.cfg.exchange, error);
  if (!setup.http)
    return caf::make_error(ec::invalid_config, "binance broker: " + error);
  setup.prefix = rest_url_path(ctx.cfg.exchange);
  setup.timeout = ctx.cfg.exchange.rest_timeout;
  setup.symbols = ctx.cfg.market.symbols;
  setup.wall_ms = [] {
    return std::chrono::duration_cast<milliseconds>(wall_clock{}.now().time_since_epoch())
      .count();
  };
  return caf::actor_cast<caf::actor>(spawn_binance_broker(ctx.sys, std::move(setup)));
}

} // namespace tn
