#pragma once

// The paper broker: the broker interface over the paper fill model
// (paper_exchange.hpp), fed by the market data it receives.
//
// Write-ahead: an order counts as sent only once its peer "journal" has
// committed its intent; a journal that cannot commit it leaves the order
// rejected with the reason, never placed. What each price, order or cancel
// did (its fills, the orders' new states and the balances after them) is
// journaled in one synced transaction, so a crash never keeps a fill
// without its balances or the reverse, and then goes to the peers
// "position_tracker" and "risk". A LIMIT_MAKER order that rested
// paper.maker_fallback (event time) without a fill, or was refused for
// taking, is canceled and its quantity placed as the MARKET order `<id>m`,
// write-ahead like any order, as the binance broker falls back. At start it restores from the journal
// alone: balances, resting limit orders, the day's PnL and fees; intents
// that never reached it are dropped, each with an event. Until then orders
// are refused. Time is the market's (ticks) carried on by the clock.
// Futures funding: the funding events it is given (a futures backtest's
// funding files) settle in event time (paper_exchange.hpp); each payment
// is journaled with the balances after it, in one synced transaction.

#include "actors/broker/paper_config.hpp"
#include "actors/broker/paper_funding.hpp"
#include "messages/actors.hpp"

#include <caf/fwd.hpp>

namespace tn {

/// A paper broker under `cfg` (validated) that settles `funding`.
broker_actor spawn_paper_broker(caf::actor_system& sys, paper_config cfg,
                                std::vector<funding_due> funding = {});

struct service_context;

/// The paper broker for the node: section `paper`; it settles `funding`
/// (a futures backtest's funding events; none live).
caf::expected<caf::actor> spawn_paper_broker(service_context& ctx,
                                             std::vector<funding_due> funding = {});

} // namespace tn
