#include "actors/services.hpp"

#include "actors/agent/agent_service.hpp"
#include "actors/broker/binance_service.hpp"
#include "actors/broker/paper_service.hpp"
#include "actors/derivatives/derivatives_service.hpp"
#include "actors/evaluator/evaluator_service.hpp"
#include "actors/gate/gate_service.hpp"
#include "actors/learner/learner_service.hpp"
#include "actors/macro_regime/macro_service.hpp"
#include "actors/market_listener/market_listener_service.hpp"
#include "actors/market_replay/market_replay_service.hpp"
#include "actors/market_store/market_store_service.hpp"
#include "actors/regime/regime_service.hpp"
#include "actors/risk/risk_service.hpp"
#include "actors/tracker/tracker_service.hpp"
#include "actors/trader/trader_service.hpp"

namespace tn {

std::vector<node_service> service_table() {
  // Services stop in reverse start order, after each other and before the
  // kernel's.
  return {
    // The order path starts before the market and decision services: the
    // tracker, with protects_positions set and its peers listed, so that
    // when the node stops it stops after every service it does not need and
    // before those it does.
    position_tracker_service(),
    paper_broker_service(),
    binance_broker_service(),
    risk_service(),
    market_store_service(),
    market_listener_service(),
    // A backtest's market data in the listener's place (backtest_table()).
    market_replay_service(),
    // Market context, before the decision loop that reads it.
    macro_regime_service(),
    // Market context: the crypto regime from daily closes.
    regime_detector_service(),
    // The decision loop. The trader starts last, so it stops first: no
    // decision is left half made while its peers go down.
    gate_service(),
    // Market context: after the listener and the gate, which get its handle.
    derivatives_monitor_service(),
    evaluator_service(),
    agent_service(),
    trader_service(),
    // Learns from the tracker's exits. The tracker lists it among its
    // peers, so it runs until the tracker is down and hears every exit.
    learner_service(),
  };
}

} // namespace tn
