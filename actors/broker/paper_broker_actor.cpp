#include "actors/broker/paper_broker_actor.hpp"

#include "actors/broker/broker_journal.hpp"
#include "actors/broker/paper_exchange.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "messages/error.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tn {

namespace {

struct paper_broker_state {
  static inline const char* name = "broker";
  std::optional<paper_exchange> paper; // made from the config, restored from the journal
  bool restored = false;
  bool restoring = false;
  timestamp now{}; // market time, carried on by the clock
  journal_actor journal;
  event_log_actor log;
  execution_sink_actor tracker;
  execution_sink_actor risk;
  uint64_t orders = 0;
  uint64_t rejected = 0;
  uint64_t fills = 0;
  uint64_t funding = 0; // funding payments settled
  uint64_t journal_errors = 0;
};

using broker_ptr = broker_actor::stateful_pointer<paper_broker_state>;

void place(broker_ptr self, order_request x);

/// Tells the sinks what one step of the paper exchange did, in its order.
void tell_sinks(broker_ptr self, const std::vector<fill>& fills,
                const std::vector<order_update>& updates) {
  for (auto& f : fills)
    to_sinks(self, f);
  for (auto& u : updates)
    to_sinks(self, u);
}

/// Journals one step's fills and the orders' new states with the balances
/// after them, in one transaction (a crash keeps all of it or none), then
/// tells the sinks; they are told even when the journal lost it, since the
/// paper exchange's record is what happened.
void journal_step(broker_ptr self, std::vector<fill> fills, std::vector<order_update> updates) {
  auto& st = self->state;
  auto what = std::to_string(fills.size()) + " fills and " + std::to_string(updates.size())
              + " order states with the balances";
  if (!st.journal) {
    journal_failed(self, what, caf::make_error(caf::sec::invalid_argument, "no journal"));
    tell_sinks(self, fills, updates);
    return;
  }
  self->request(st.journal, broker_journal_timeout, atom::publish_v, fills, updates,
                st.paper->balances())
    .then([self, fills, updates](uint64_t) { tell_sinks(self, fills, updates); },
          [self, fills, updates, what](caf::error& err) {
            journal_failed(self, what, err);
            tell_sinks(self, fills, updates);
          });
}

/// Journals one step's funding payments with the balances after them, in
/// one synced transaction (a crash keeps both or neither; a restart then
/// settles no funding time twice: the journal says which were).
void journal_funding(broker_ptr self, std::vector<funding_payment> payments) {
  auto& st = self->state;
  st.funding += payments.size();
  auto what = std::to_string(payments.size()) + " funding payments with the balances";
  if (!st.journal) {
    journal_failed(self, what, caf::make_error(caf::sec::invalid_argument, "no journal"));
    return;
  }
  self->request(st.journal, broker_journal_timeout, atom::publish_v, std::move(payments),
                st.paper->balances())
    .then([](uint64_t) {}, [self, what](caf::error& err) { journal_failed(self, what, err); });
}

/// Journals and forwards what one call of the paper exchange did; the
/// market orders that take over from maker orders that gave up are placed
/// as every order is, write-ahead.
void apply(broker_ptr self, paper_events events) {
  auto& st = self->state;
  for (auto& text : events.notices)
    publish_event(self, st.now, severity::info, std::move(text));
  for (auto& u : events.updates)
    tell_order_end(self, u);
  if (!events.funding.empty())
    journal_funding(self, std::move(events.funding));
  st.fills += events.fills.size();
  if (!events.fills.empty() || !events.updates.empty())
    journal_step(self, std::move(events.fills), std::move(events.updates));
  for (auto& x : events.fallbacks) {
    publish_event(self, st.now, severity::info,
                  "maker order " + x.client_id.substr(0, x.client_id.size() - 1)
                    + " falls back to market order " + x.client_id + " for "
                    + to_string(x.quantity) + " " + x.symbol);
    place(self, std::move(x));
  }
}

/// Write-ahead: the order reaches the paper exchange only once the
/// journal committed its intent.
void place(broker_ptr self, order_request x) {
  auto& st = self->state;
  ++st.orders;
  if (!st.restored)
    return refuse_order(self, x, "the paper broker has not restored its account from the journal yet");
  write_ahead(self, x, [self](const order_request& x) {
    apply(self, self->state.paper->place(x, std::max(self->state.now, x.ts)));
  });
}

void restore(broker_ptr self) {
  restore_from_journal(self, [self](execution_journal& j) {
    auto& st = self->state;
    auto balances = j.balances.size();
    auto events = st.paper->restore(j, st.now);
    publish_event(self, st.now, severity::info,
                  "restored from the journal: "
                    + (balances == 0 ? std::string{"starting balances"}
                                     : std::to_string(balances) + " balances")
                    + ", " + std::to_string(j.open_orders.size())
                    + " orders without a final state");
    apply(self, std::move(events));
  });
}

/// Market time moves forward only.
void advance(broker_ptr self, timestamp ts) {
  self->state.now = std::max(self->state.now, ts);
}

broker_actor::behavior_type paper_broker_behavior(broker_ptr self, paper_config cfg,
                                                  std::vector<funding_due> funding) {
  self->state.paper.emplace(std::move(cfg));
  self->state.paper->set_funding(funding);
  return {
    [self](atom::order, order_request& x) { place(self, std::move(x)); },
    [self](atom::cancel, const std::string& client_id) {
      apply(self, self->state.paper->cancel(client_id, self->state.now));
    },
    [self](atom::balance) { return self->state.paper->account(self->state.now); },
    [self](const tick_batch& batch) {
      for (auto& t : batch.ticks) {
        advance(self, t.ts_event);
        auto price = decimal::from_double(t.price); // the market data's doubles end here
        if (price && price->is_positive())
          apply(self, self->state.paper->on_price(t.symbol, *price, t.ts_event));
      }
    },
    [self](atom::time, timestamp now) {
      advance(self, now);
      restore(self);
      apply(self, self->state.paper->on_time(self->state.now));
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (adopt_broker_peer(self, name, hdl))
        restore(self);
    },
    [self](atom::status) {
      auto& st = self->state;
      auto r = counters_report(paper_broker_state::name, {{"orders", st.orders},
                                                          {"rejected", st.rejected},
                                                          {"fills", st.fills},
                                                          {"funding", st.funding},
                                                          {"journal_errors", st.journal_errors}});
      r.facts = {{"mode", "paper"}, {"restored", st.restored ? "yes" : "no"}};
      if (st.restored) {
        auto account = st.paper->account(st.now);
        r.facts["equity"] = to_string(account.equity, 2) + " " + account.quote_asset;
      }
      return r;
    },
  };
}

} // namespace

broker_actor spawn_paper_broker(caf::actor_system& sys, paper_config cfg,
                                std::vector<funding_due> funding) {
  return sys.spawn(paper_broker_behavior, std::move(cfg), std::move(funding));
}

caf::expected<caf::actor> spawn_paper_broker(service_context& ctx,
                                             std::vector<funding_due> funding) {
  auto& cfg = ctx.cfg.section<paper_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  return caf::actor_cast<caf::actor>(spawn_paper_broker(ctx.sys, cfg, std::move(funding)));
}

} // namespace tn
