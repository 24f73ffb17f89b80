#pragma once

// The risk service, between the trader and the broker. For each journaled
// decision it asks its peers "broker" (the account), "position_tracker"
// (the open positions), "journal" (can it write?) and "market_store" (last
// prices), judges the decision with the risk logic (risk.hpp), sends entries
// to the broker and exits to the tracker, and publishes every verdict on the
// event log ("event_log"). One decision at a time, in arrival order. Fills
// and the clock's time re-check the daily loss against the account; a new
// UTC day may release the kill switch. The console pauses, resumes,
// flattens and resets the kill switch.

#include "actors/risk/risk_config.hpp"
#include "messages/actors.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>

namespace tn {

struct service_context;

struct risk_setup {
  risk_config cfg; // validated
  exchange_filters filters;
  /// Longest wait for a peer's answer.
  timespan query_timeout = std::chrono::seconds{10};
  /// How often, in the clock's time, the daily loss is checked while no
  /// fill asks for it.
  timespan account_check = std::chrono::minutes{1};
  /// Asks the exchange for its trading rules (the traded symbols'
  /// exchangeInfo); the answer arrives as (atom::rules, body, error). Empty:
  /// `filters` is all risk gets.
  std::function<void(risk_actor)> fetch_rules;
  /// How long after a failed fetch risk asks again, in the clock's time.
  timespan rules_retry = std::chrono::seconds{30};
};

risk_actor spawn_risk(caf::actor_system& sys, risk_setup setup);

/// The risk service for the node: its config section, and the rules fetched
/// over the exchange's REST API.
caf::expected<caf::actor> spawn_risk(service_context& ctx);

} // namespace tn
