#pragma once

// The position tracker service: runs the tracker (tracker.hpp) on the
// market data, the broker's fills and order updates, the clock's time and
// the exit requests of risk and the console. It sends exit orders to its
// peer "broker", re-evaluation passes to "trader", every closed position to
// "risk" and "learner", and its events (opened, exits, superseded triggers,
// failed exits, closes) to "event_log" and "journal". The journal also keeps
// every change of an open position and every exit; at start the tracker
// restores the positions it kept and their exit orders in flight. An exit
// order while no broker runs is dropped at once and the position stays open.
// The binance broker hands it the exchange's holdings once at start
// (atom::reconcile): after its restore it corrects the positions to them
// (reconcile.hpp), journals each changed row and then answers; the paper
// broker never asks, paper positions come from the journal alone.

#include "actors/tracker/tracker_config.hpp"
#include "messages/actors.hpp"
#include "messages/snapshot.hpp"

#include <caf/fwd.hpp>

namespace tn {

/// A position tracker under `cfg` and `safety` (both validated).
position_tracker_actor spawn_position_tracker(caf::actor_system& sys, tracker_config cfg,
                                              safety_thresholds safety);

struct service_context;

/// The position tracker for the node: sections `tracker` and `trader.safety`.
caf::expected<caf::actor> spawn_position_tracker(service_context& ctx);

} // namespace tn
