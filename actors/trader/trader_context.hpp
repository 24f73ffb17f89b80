#pragma once

// The trader's context peers: the regime detector, the macro regime actor,
// the derivatives monitor and the learner. Each is optional: a service that
// does not run (spot, backtest, switched off) is never announced, and one
// that fails or does not answer within the timeout leaves its part of the
// snapshot empty. A decision never waits on context longer than that.

#include "messages/actors.hpp"
#include "messages/fwd.hpp"

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace tn {

struct context_peers {
  regime_detector_actor regime;
  macro_regime_actor macro;
  derivatives_monitor_actor derivatives;
  learner_actor learner;

  /// Takes the handle announced under `name` if it is one of the four.
  bool adopt(const std::string& name, const caf::strong_actor_ptr& hdl);
};

/// Asks every context peer known for its part of `*snap`. Each answer, or
/// its failure, calls `one_done` once (true if it answered); returns how
/// many calls to expect.
size_t ask_context(trader_actor::base* self, const context_peers& peers, timespan timeout,
                   std::shared_ptr<market_snapshot> snap, std::function<void(bool)> one_done);

} // namespace tn
