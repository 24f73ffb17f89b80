#include "actors/trader/trader_context.hpp"

#include "actors/trader/market_context.hpp"
#include "messages/derivatives.hpp"
#include "messages/learner.hpp"
#include "messages/regime.hpp"
#include "messages/snapshot.hpp"
#include "runtime/adopt_peer.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <utility>
#include <vector>

namespace tn {

bool context_peers::adopt(const std::string& name, const caf::strong_actor_ptr& hdl) {
  return adopt_peer(name, "regime_detector", hdl, regime)
         || adopt_peer(name, "macro_regime", hdl, macro)
         || adopt_peer(name, "derivatives_monitor", hdl, derivatives)
         || adopt_peer(name, "learner", hdl, learner);
}

size_t ask_context(trader_actor::base* self, const context_peers& peers, timespan timeout,
                   std::shared_ptr<market_snapshot> snap, std::function<void(bool)> one_done) {
  size_t asked = 0;
  auto failed = [one_done](caf::error&) { one_done(false); };
  if (peers.regime) {
    ++asked;
    self->request(peers.regime, timeout, atom::regime_v)
      .then(
        [snap, one_done](regime_status& status) {
          set_crypto_regime(*snap, status);
          one_done(true);
        },
        failed);
  }
  if (peers.macro) {
    ++asked;
    self->request(peers.macro, timeout, atom::macro_v)
      .then(
        [snap, one_done](std::string& quadrant) {
          set_macro_regime(*snap, quadrant);
          one_done(true);
        },
        failed);
  }
  if (peers.derivatives) {
    ++asked;
    self->request(peers.derivatives, timeout, atom::derivs_v)
      .then(
        [snap, one_done](std::vector<derivatives_snapshot>& all) {
          set_derivatives(*snap, all);
          one_done(true);
        },
        failed);
  }
  if (peers.learner) {
    ++asked;
    self->request(peers.learner, timeout, atom::weights_v)
      .then(
        [snap, one_done](learner_weights& weights) {
          snap->learner = std::move(weights);
          one_done(true);
        },
        failed);
  }
  return asked;
}

} // namespace tn
