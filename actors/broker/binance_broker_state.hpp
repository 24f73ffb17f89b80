#pragma once

// The binance broker's actor state and the functions its shell is made
// of, one job per file: binance_send.cpp (signed calls, the exchange's
// limits and clock), binance_orders.cpp (placing and canceling),
// binance_order_follow.cpp (an order's answers, polls and fills until a
// final state), binance_start.cpp (trading rules, balances, reconciliation
// with the journal) and binance_broker_actor.cpp (the behavior). Only the
// broker's own files include it.

#include "actors/broker/binance_broker_actor.hpp"
#include "actors/broker/binance_clock.hpp"
#include "actors/broker/binance_follow.hpp"
#include "actors/broker/binance_limits.hpp"
#include "actors/broker/binance_request.hpp"
#include "actors/broker/binance_response.hpp"
#include "actors/broker/paper_account.hpp"
#include "messages/actors.hpp"
#include "messages/order.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tn::binance_shell {

/// The broker's interface plus the answers of its own HTTP calls.
using binance_broker_actor = broker_actor::extend<caf::reacts_to<binance_answer>>;

/// The trading rules and the account are read again this often.
constexpr auto rules_retry = std::chrono::seconds{30};
constexpr auto balances_refresh = std::chrono::minutes{1};

using answer_fn = std::function<void(const binance_answer&)>;

struct binance_broker_state {
  static inline const char* name = "broker";
  binance_setup setup;
  timestamp now{}; // event time, from the clock and the market
  journal_actor journal;
  event_log_actor log;
  execution_sink_actor tracker;
  execution_sink_actor risk;
  position_reconciler_actor reconciler; // the position tracker
  // Calls in flight, by id.
  uint64_t next_call = 0;
  std::map<uint64_t, answer_fn> calls;
  exchange_clock clock; // the offset to the exchange's clock
  binance_limits limits;
  std::optional<exchange_filters> filters;
  bool rules_pending = false;
  timestamp rules_retry_at{};
  std::map<std::string, followed_order> followed; // by client id
  std::set<std::string> prepared;                 // futures symbols with leverage and margin set
  std::map<std::string, decimal> last_prices;
  std::optional<std::vector<asset_balance>> balances;
  std::vector<futures_position> positions;
  bool balances_pending = false;
  timestamp balances_at{};
  bool restored = false;   // the journal's orders are followed again
  bool restoring = false;
  bool reconciled = false; // and looked up at the exchange (the clock measured)
  // The tracker's positions agree with the exchange's holdings: until then
  // entries are refused.
  bool positions_reconciled = false;
  bool reconciling = false;
  timestamp reconcile_retry_at{};
  std::vector<std::string> early_cancels; // asked before the restore: done after it
  std::deque<std::string> held; // new orders waiting for the exchange's order limit
  bool hold_told = false; // the hold was told; until an order is accepted with none held
  timestamp day{};
  decimal realized_pnl_day;
  decimal fees_day;
  uint64_t orders = 0;
  uint64_t rejected = 0;
  uint64_t fills = 0;
  uint64_t journal_errors = 0;
  uint64_t requests = 0;
  uint64_t resyncs = 0;     // after a -1021
  uint64_t clock_syncs = 0; // at start and every cfg.time_sync
  uint64_t adopted = 0;
  uint64_t dropped = 0;
};

using broker_ptr = binance_broker_actor::stateful_pointer<binance_broker_state>;

inline const binance_config& config(broker_ptr self) {
  return self->state.setup.cfg;
}

inline market_kind market(broker_ptr self) {
  return config(self).market;
}

// -- binance_send.cpp: signed calls, limits, the exchange's clock -----------------

/// What an answer means for the order path.
answer_kind kind_of(const binance_answer& a);

/// The exchange's words for a failed answer.
std::string why_of(const binance_answer& a);

/// The exchange's clock: the signing clock corrected by the measured
/// offset. The exchange's limits count in its windows.
timestamp exchange_now(broker_ptr self);

/// How long signed traffic must still wait; zero when it may go.
timespan pause_left(broker_ptr self);

/// Says why nothing signed goes out for `left`.
std::string pause_text(timespan left);

/// Measures the offset to the exchange's clock when it is due: at start,
/// before the first signed request, then every cfg.time_sync.
void sync_clock(broker_ptr self);

/// Routes an HTTP answer to the call that waits for it.
void on_answer(broker_ptr self, binance_answer& a);

/// A call to the exchange. Calls wait for no pause: while the exchange
/// asks us to wait (it counts per IP, and bans a client that goes on) they
/// are answered "not sent" at once. A -1021 resynchronises the clock and
/// signs the call again, once.
void exchange_call(broker_ptr self, rest_call c, answer_fn k, bool resynced = false);

// -- binance_orders.cpp: placing and canceling -------------------------------------

/// An order from risk or the tracker: checked, journaled ahead, sent.
void place(broker_ptr self, order_request x);

/// Cancels an order; its final state comes with the answer or the next
/// poll.
void cancel(broker_ptr self, const std::string& client_id);

/// What a maker entry leaves after it was canceled or refused for taking
/// goes to the market under its own client id.
void fall_back(broker_ptr self, const followed_order& o);

/// Sends the held new orders the exchange's order limits let go now.
void release_held(broker_ptr self);

// -- binance_order_follow.cpp: answers, polls and fills ----------------------------

/// The order followed under `client_id`, or null.
followed_order* find(broker_ptr self, const std::string& client_id);

/// The order ends here with `state`: journaled, the sinks told, no longer
/// followed.
void finish(broker_ptr self, const std::string& client_id, order_state state, std::string why);

/// Reads an order answer body for `client_id` and applies it; false if
/// the body is no order.
bool apply_body(broker_ptr self, const std::string& client_id, const binance_answer& a);

/// Reads the order by its client id: its state and fills, or that the
/// exchange does not know it.
void poll(broker_ptr self, const std::string& client_id);

/// Polls the orders that are due and starts the due maker fallbacks.
void follow_up(broker_ptr self);

// -- binance_start.cpp: trading rules, balances, reconciliation --------------------

/// Loads the exchange's trading rules unless loaded, loading or waiting to
/// retry.
void load_rules(broker_ptr self);

/// Reads the balances (and futures positions) unless a read is under way.
void read_balances(broker_ptr self);

/// Restores from the journal once, then reconciles with the exchange.
void restore(broker_ptr self);

/// The reconciliation's signed requests (the journal's open orders looked
/// up by client id, the balances read, the early cancels done), once the
/// journal is restored and the exchange's clock measured.
void reconcile_at_exchange(broker_ptr self);

/// Once the journal's open orders are resolved (their fills are in the
/// positions) and the trading rules are loaded: the exchange's holdings
/// are read and handed to the position tracker to correct its positions.
void reconcile_positions(broker_ptr self);

} // namespace tn::binance_shell
