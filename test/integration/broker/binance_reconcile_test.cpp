// Positions reconciled at start: the binance broker reads the exchange-sim
// account (spot balances, futures positionRisk) and the real position
// tracker corrects the positions its journal kept, in the exchange's
// favour, journaled, each difference an event.

#include "actors/tracker/position_tracker_actor.hpp"
#include "actors/tracker/reconcile.hpp"
#include "test/integration/broker/binance_rig.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

/// Journals an open position, as a tracker did before the restart.
void journal_position(binance_rig& rig, const std::string& id, const std::string& qty) {
  position p;
  p.position_id = id;
  p.symbol = rig.symbol;
  p.quantity = dec(qty);
  p.entry_price = dec("60000");
  p.best_price = dec("60000");
  p.entry_decision_id = 1;
  p.opened = binance_rig::now() - 1h;
  rig.self->request(rig.journal, 30s, atom::publish_v, p)
    .receive([](uint64_t) {}, [&](caf::error& e) { FAIL("journal: " << rig.sys.render(e)); });
}

/// A real tracker on the rig's journal and event log, restoring from it.
void start_tracker(binance_rig& rig) {
  rig.real_tracker = spawn_position_tracker(rig.sys, tracker_config{}, safety_thresholds{});
  for (auto [name, hdl] : {std::pair<const char*, caf::strong_actor_ptr>{
                             "event_log", caf::actor_cast<caf::strong_actor_ptr>(rig.log)},
                           {"journal", caf::actor_cast<caf::strong_actor_ptr>(rig.journal)}})
    caf::anon_send(rig.real_tracker, atom::announce_v, std::string{name}, hdl);
}

std::vector<position> tracked(binance_rig& rig) {
  std::vector<position> out;
  rig.self->request(rig.real_tracker, 30s, atom::positions_v)
    .receive([&](std::vector<position>& xs) { out = std::move(xs); },
             [&](caf::error& e) { FAIL("positions: " << rig.sys.render(e)); });
  return out;
}

std::vector<position> journaled_positions(binance_rig& rig) {
  std::vector<position> out;
  rig.self->request(rig.journal, 30s, atom::restore_v)
    .receive([&](execution_journal& j) { out = std::move(j.positions); },
             [&](caf::error& e) { FAIL("restore: " << rig.sys.render(e)); });
  return out;
}

/// Waits until the journal's rows are written (the tracker's answer to the
/// broker came after them; this only orders the test's own reads).
void settle(binance_rig& rig) {
  rig.self->request(rig.journal, 30s, atom::flush_v)
    .receive([](uint64_t) {}, [&](caf::error& e) { FAIL("flush: " << rig.sys.render(e)); });
}

} // namespace

TEST_CASE("reconcile spot: a journal position larger than the balance is reduced to it") {
  binance_rig rig; // the account holds 1 BTC
  journal_position(rig, "tn-old-1", "1.5");
  start_tracker(rig);
  rig.start(binance_rig::fast_config());
  settle(rig);
  auto ps = tracked(rig);
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].position_id == "tn-old-1");
  CHECK(ps[0].quantity == dec("1"));
  auto kept = journaled_positions(rig);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].quantity == dec("1"));
  CHECK(rig.rec->events_with("BTCUSDT: the journal holds 1.5 (tn-old-1), the exchange 1: "
                             "reduced to 1 in the exchange's favour")
        == 1);
  CHECK(rig.rec->events_with("positions reconciled with the exchange's holdings: 1 corrected")
        == 1);
  // Entries are accepted now.
  rig.place(rig.order("e1", order_side::buy, order_type::market, "0.001"));
  CHECK(rig.final_state("e1").state == order_state::filled);
}

TEST_CASE("reconcile spot: a position the exchange no longer holds is closed") {
  binance_rig rig{{"--balance", "USDT=10000"}}; // no BTC at all
  journal_position(rig, "tn-old-2", "0.5");
  start_tracker(rig);
  rig.start(binance_rig::fast_config());
  settle(rig);
  CHECK(tracked(rig).empty());
  CHECK(journaled_positions(rig).empty());
  CHECK(rig.rec->events_with("BTCUSDT: the journal holds 0.5 (tn-old-2), the exchange 0: "
                             "closed, the position is gone at the exchange")
        == 1);
}

TEST_CASE("reconcile spot: coins the node never bought are not adopted") {
  binance_rig rig; // 1 BTC of the account's own
  start_tracker(rig);
  rig.start(binance_rig::fast_config());
  CHECK(tracked(rig).empty());
  CHECK(rig.rec->events_with("the 1 beyond the node's positions are the account's own") == 1);
  CHECK(rig.rec->events_with("positions reconciled with the exchange's holdings: 0 corrected")
        == 1);
}

TEST_CASE("reconcile futures: a long the journal does not know is adopted and journaled") {
  binance_rig rig;
  // Bought at the exchange while the node was down (or by a journal lost).
  auto r = rig.sim.signed_call("POST", "/fapi/v1/order",
                               "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010");
  REQUIRE(r.response.status == 200);
  start_tracker(rig);
  rig.start(binance_rig::fast_config(market_kind::futures));
  settle(rig);
  auto ps = tracked(rig);
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].quantity == dec("0.01"));
  CHECK(ps[0].entry_price.is_positive());
  CHECK(ps[0].position_id.rfind("a", 0) == 0);
  auto kept = journaled_positions(rig);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].position_id == ps[0].position_id);
  CHECK(rig.rec->events_with("a futures position the journal does not know, tracked from now on")
        == 1);
}
