// The binance broker against exchange-sim's spot API over loopback TLS:
// fills journaled once, resting maker orders polled, the clock resynced on
// -1021, rejections, filter checks before sending, unknown outcomes
// resolved by client id, 429/418 pauses, and reconciliation at start.

#include "test/integration/broker/binance_rig.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

TEST_CASE("binance spot: a MARKET order fills once, journaled with its fill") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  rig.place(rig.order("m1", order_side::buy, order_type::market, "0.001"));
  auto last = rig.final_state("m1");
  CHECK(last.state == order_state::filled);
  CHECK(last.filled_quantity == dec("0.001"));
  CHECK_FALSE(last.exchange_order_id.empty());
  CHECK(rig.rec->fills_of("m1") == 2); // tracker and risk, once each
  CHECK(rig.sim_orders("m1") == 1);
  CHECK(rig.sim_fills("m1") == 1);
  auto j = rig.journaled("m1");
  REQUIRE(j);
  CHECK(j->last.state == order_state::filled);
  CHECK(j->request.type == order_type::market);
}

TEST_CASE("binance spot: a LIMIT_MAKER rests, is polled and fills as maker") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  // A sell above the market rests, then fills as the price moves up through
  // it (the synthetic market moves about 0.2 % a second). Should the market
  // jump above it before it arrives, the exchange refuses it as taking:
  // then the test tries again a little higher.
  std::string id;
  decimal limit;
  for (int attempt = 0; attempt < 5; ++attempt) {
    id = "lm" + std::to_string(attempt);
    auto p = rig.price();
    limit = round_to_step(p + mul(p, dec("0.003")), dec("0.01"), rounding::up);
    rig.place(rig.order(id, order_side::sell, order_type::limit_maker, "0.001", limit));
    std::optional<order_update> first;
    REQUIRE(rig.wait_for([&] { return (first = rig.rec->last_of(id)).has_value(); }));
    if (first->state != order_state::rejected)
      break;
  }
  auto last = rig.final_state(id, 120s);
  CHECK(last.state == order_state::filled);
  std::lock_guard<std::mutex> guard{rig.rec->mutex};
  size_t open = 0;
  size_t maker_fills = 0;
  for (auto& u : rig.rec->updates)
    open += u.client_id == id && u.state == order_state::open ? 1 : 0;
  for (auto& f : rig.rec->fills)
    if (f.client_id == id && f.maker && f.price == limit)
      ++maker_fills;
  CHECK(open == 2); // it rested: tracker and risk heard it open
  CHECK(maker_fills == 2);
}

TEST_CASE("binance spot: a clock minutes off is resynced once and the order placed once") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  rig.skew_ms->store(-5 * 60 * 1000); // five minutes behind the exchange
  rig.place(rig.order("clk1", order_side::buy, order_type::market, "0.001"));
  auto last = rig.final_state("clk1");
  CHECK(last.state == order_state::filled);
  CHECK(rig.sim_orders("clk1") == 1);
  CHECK(rig.status().counters["clock_resyncs"] == 1);
  CHECK(rig.rec->events_with("clock resynchronised") == 1);
  // Signed with the offset now: the next order needs no resync.
  rig.place(rig.order("clk2", order_side::buy, order_type::market, "0.001"));
  CHECK(rig.final_state("clk2").state == order_state::filled);
  CHECK(rig.status().counters["clock_resyncs"] == 1);
}

TEST_CASE("binance spot: a -2010 reject is a rejected update without a fill") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  REQUIRE(rig.sim.send("POST", "/sim/fault?next=reject").response.status == 200);
  rig.place(rig.order("rj1", order_side::buy, order_type::market, "0.001"));
  auto last = rig.final_state("rj1");
  CHECK(last.state == order_state::rejected);
  CHECK(last.reason.find("-2010") != std::string::npos);
  CHECK(rig.rec->fills_of("rj1") == 0);
  CHECK(rig.sim_orders("rj1") == 0);
  auto j = rig.journaled("rj1");
  REQUIRE(j);
  CHECK(j->last.state == order_state::rejected);
}

TEST_CASE("binance spot: a filter violation is refused before it is sent") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  auto before = rig.status().counters["requests"];
  rig.place(rig.order("flt1", order_side::buy, order_type::market, "0.00000001"));
  auto last = rig.final_state("flt1");
  CHECK(last.state == order_state::rejected);
  CHECK(last.reason.find("LOT_SIZE") != std::string::npos);
  CHECK(rig.rec->events_with("a bug: not sent") == 1);
  CHECK(rig.sim_orders("flt1") == 0);
  CHECK_FALSE(rig.journaled("flt1")); // never journaled: it may be placed again, rounded
  CHECK(rig.status().counters["requests"] == before);
}

TEST_CASE("binance spot: 5xx and a dropped answer after executing are resolved by client id") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  for (std::string kind : {"5xx", "drop"}) {
    auto id = "u" + kind;
    REQUIRE(rig.sim.send("POST", "/sim/fault?next=" + kind).response.status == 200);
    rig.place(rig.order(id, order_side::buy, order_type::market, "0.001"));
    auto last = rig.final_state(id);
    CHECK(last.state == order_state::filled);
    CHECK(rig.sim_orders(id) == 1);
    CHECK(rig.sim_fills(id) == 1);
    CHECK(rig.rec->fills_of(id) == 2); // once per sink
    REQUIRE(rig.rec->events_with("order " + id + ": no answer from the exchange") == 1);
    auto j = rig.journaled(id);
    REQUIRE(j);
    CHECK(j->last.state == order_state::filled);
  }
}

TEST_CASE("binance spot: 429 and 418 stop signed requests until Retry-After") {
  binance_rig rig{{"--retry-after", "3"}};
  rig.start(binance_rig::fast_config());
  for (std::string kind : {"429", "418"}) {
    INFO(kind);
    REQUIRE(rig.sim.send("POST", "/sim/fault?next=" + kind).response.status == 200);
    auto limited = "r" + kind;
    rig.place(rig.order(limited, order_side::buy, order_type::market, "0.001"));
    auto last = rig.final_state(limited);
    CHECK(last.state == order_state::rejected);
    auto requests = rig.status().counters["requests"];
    // Refused at once, never sent, while the pause lasts.
    auto refused = "p" + kind;
    rig.place(rig.order(refused, order_side::buy, order_type::market, "0.001"));
    auto r = rig.final_state(refused);
    CHECK(r.state == order_state::rejected);
    CHECK(r.reason.find("pause requests") != std::string::npos);
    // Nothing reaches the simulator during the pause (it would ban this
    // address: its test hooks count too, so the record is read after).
    rig.wait_for([] { return false; }, 1s);
    CHECK(rig.status().counters["requests"] == requests);
    std::this_thread::sleep_for(3100ms);
    CHECK(rig.status().counters["requests"] == requests);
    CHECK(rig.sim_orders(refused) == 0);
    CHECK(rig.sim_orders(limited) == 0);
    // After Retry-After the next order goes out.
    auto after = "a" + kind;
    rig.place(rig.order(after, order_side::buy, order_type::market, "0.001"));
    CHECK(rig.final_state(after).state == order_state::filled);
  }
}

TEST_CASE("binance spot: a LIMIT_MAKER that would take falls back to a market order") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  auto p = rig.price();
  // A buy far above the market would take: -2010, then MARKET "<id>m".
  auto limit = round_to_step(p + mul(p, dec("0.05")), dec("0.01"), rounding::up);
  rig.place(rig.order("tk1", order_side::buy, order_type::limit_maker, "0.001", limit));
  CHECK(rig.final_state("tk1").state == order_state::rejected);
  auto m = rig.final_state("tk1m");
  CHECK(m.state == order_state::filled);
  CHECK(m.filled_quantity == dec("0.001"));
  CHECK(rig.sim_orders("tk1") == 0);
  CHECK(rig.sim_orders("tk1m") == 1);
}

TEST_CASE("binance spot: a resting maker entry is canceled after maker_fallback, rest at market") {
  binance_rig rig;
  auto cfg = binance_rig::fast_config();
  cfg.maker_fallback = 1s;
  rig.start(cfg);
  auto p = rig.price();
  auto limit = round_to_step(p - mul(p, dec("0.05")), dec("0.01"), rounding::down);
  rig.place(rig.order("fb1", order_side::buy, order_type::limit_maker, "0.001", limit));
  CHECK(rig.final_state("fb1").state == order_state::canceled);
  CHECK(rig.final_state("fb1m").state == order_state::filled);
  CHECK(rig.sim_orders("fb1m") == 1);
  auto j = rig.journaled("fb1m");
  REQUIRE(j);
  CHECK(j->request.type == order_type::market);
}

TEST_CASE("binance spot: at start an intent never sent is dropped, one the exchange knows adopted") {
  binance_rig rig;
  auto journal_intent = [&](const order_request& x) {
    rig.self->request(rig.journal, 30s, atom::order_v, x)
      .receive([](uint64_t added) { CHECK(added == 1); },
               [&](caf::error& e) { FAIL(rig.sys.render(e)); });
  };
  // Journaled, then the node died before sending it.
  journal_intent(rig.order("never1", order_side::buy, order_type::market, "0.001"));
  // Journaled and executed, then the node died before hearing the answer.
  journal_intent(rig.order("known1", order_side::buy, order_type::market, "0.001"));
  REQUIRE(rig.sim.signed_call("POST", "/api/v3/order",
                              "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001"
                              "&newClientOrderId=known1")
            .response.status
          == 200);
  rig.start(binance_rig::fast_config());
  auto never = rig.final_state("never1");
  CHECK(never.state == order_state::dropped);
  CHECK(never.reason.find("does not know it") != std::string::npos);
  auto known = rig.final_state("known1");
  CHECK(known.state == order_state::filled);
  CHECK(known.filled_quantity == dec("0.001"));
  CHECK(rig.rec->fills_of("known1") == 2);
  CHECK(rig.sim_orders("never1") == 0);
  CHECK(rig.sim_orders("known1") == 1);
  REQUIRE(rig.journaled("never1"));
  CHECK(rig.journaled("never1")->last.state == order_state::dropped);
  CHECK(rig.journaled("known1")->last.state == order_state::filled);
  // A restart finds nothing left to reconcile and places neither again.
  rig.start(binance_rig::fast_config());
  CHECK(rig.status().counters["reconciled"] == 0);
  CHECK(rig.sim_orders("known1") == 1);
}

TEST_CASE("binance spot: a cancel that arrives before the broker reconciled is not lost") {
  // The tracker cancels a protective stop right after a restart. Before,
  // the broker, not yet restored, answered "no such open order" and the
  // order stayed at the exchange.
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  auto p = rig.price();
  auto limit = round_to_step(p - mul(p, dec("0.05")), dec("0.01"), rounding::down);
  rig.place(rig.order("rest1", order_side::buy, order_type::limit_maker, "0.001", limit));
  rig.wait_state("rest1", order_state::open);
  rig.start(binance_rig::fast_config(),
            [&] { caf::anon_send(rig.broker, atom::cancel_v, std::string{"rest1"}); });
  CHECK(rig.final_state("rest1").state == order_state::canceled);
  CHECK(rig.journaled("rest1")->last.state == order_state::canceled);
}

TEST_CASE("binance spot: the clock is synced at start before signing, and again every time_sync") {
  binance_rig rig;
  rig.skew_ms->store(-5 * 60 * 1000); // five minutes behind the exchange from the start
  auto cfg = binance_rig::fast_config();
  cfg.time_sync = std::chrono::seconds{2};
  rig.start(cfg);
  // Measured before the first signed request (the reconciliation's): none
  // of them was refused for its timestamp.
  CHECK(rig.rec->events_with("clock synchronised with the exchange: it is 3") == 1);
  CHECK(rig.status().counters["clock_syncs"] >= 1);
  rig.place(rig.order("sync1", order_side::buy, order_type::market, "0.001"));
  CHECK(rig.final_state("sync1").state == order_state::filled);
  CHECK(rig.status().counters["clock_resyncs"] == 0);
  CHECK(rig.rec->events_with("-1021") == 0);
  // The node's clock jumps: the next scheduled sync notices, and orders
  // still need no -1021.
  rig.skew_ms->store(-10 * 60 * 1000);
  REQUIRE(rig.wait_for([&] { return rig.rec->events_with("the exchange's clock moved") == 1; }));
  CHECK(rig.rec->events_with("it is 6") == 1); // about 600000 ms ahead now
  rig.place(rig.order("sync2", order_side::buy, order_type::market, "0.001"));
  CHECK(rig.final_state("sync2").state == order_state::filled);
  CHECK(rig.status().counters["clock_resyncs"] == 0);
  CHECK(rig.sim_orders("sync2") == 1);
}
