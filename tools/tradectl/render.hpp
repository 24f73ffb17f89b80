#pragma once

// What tradectl prints: the console's typed replies as text for people.
// Pure, so the layout is tested without a node.

#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/order.hpp"
#include "messages/derivatives.hpp"
#include "messages/regime.hpp"
#include "messages/supervision.hpp"

#include <string>
#include <vector>

namespace tn {

/// One block per service: its name, then its counters and facts, one per
/// line, values aligned.
std::string render_status(const std::vector<status_report>& reports);

/// A table: NAME STATE RESTARTS LAST ERROR, one row per service.
std::string render_actors(const std::vector<service_row>& rows);

/// One line per event: time, topic, level, text; "(no events)" if none.
std::string render_events(const std::vector<event>& events);

/// A table, one line per decision: TIME SOURCE TRIGGER OUTCOME COST, then
/// the action (and target position) per symbol; "(no decisions)" if none.
std::string render_decisions(const std::vector<decision_record>& records);

/// The breaker's state, failures, times opened, next probe (when not
/// closed) and last error, one per line, values aligned.
std::string render_breaker(const breaker_status& status);

/// A table, one line per open position; "(no open positions)" if none.
std::string render_positions(const std::vector<position>& positions);

/// A table, one line per order: its intent and latest state; "(no orders)"
/// if none.
std::string render_orders(const std::vector<journaled_order>& orders);

/// Equity, today's PnL and fees, open orders, then one line per asset.
std::string render_balance(const account_state& account);

/// The learner: the current regime and trades, then per scope (global
/// first) its trades, whether they are enough, and a table of its signals:
/// posterior (alpha, beta, updates, mean) and one sampled weight.
std::string render_learner(const learner_report& report);
/// The regime detector: the regime and its filtered probabilities at the
/// newest daily close, then the model (daily sd and mean per state, the
/// transition matrix, log-likelihood) or "-" before the first fit.
std::string render_regime(const regime_status& status);

/// The derivatives monitor: one row per symbol; "-" where a value is not
/// known (yet).
std::string render_derivatives(const std::vector<derivatives_snapshot>& symbols);

} // namespace tn
