#pragma once

// The paper broker: the broker interface over the paper fill model
// (paper_exchange.hpp), fed by the market data it receives.
//
// Write-ahead: an order counts as sent only once its peer "journal" has
// committed its intent; a journal that cannot commit it leaves the order
// rejected with the reason, never placed. Every state and fill goes to the
// journal (synced) and then to the peers "position_tracker" and "risk";
// the balances follow each change. At start it restores from the journal
// alone: balances, resting limit orders, the day's PnL and fees; intents
// that never reached it are dropped, each with an event. Until then orders
// are refused. Time is the market's (ticks) carried on by the clock.

#include "actors/broker/paper_config.hpp"
#include "messages/actors.hpp"

#include <caf/fwd.hpp>

namespace tn {

/// A paper broker under `cfg` (validated).
broker_actor spawn_paper_broker(caf::actor_system& sys, paper_config cfg);

struct service_context;

/// The paper broker for the node: section `paper`.
caf::expected<caf::actor> spawn_paper_broker(service_context& ctx);

} // namespace tn
