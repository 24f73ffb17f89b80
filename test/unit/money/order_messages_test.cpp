#include "messages/order.hpp"
#include "messages/register.hpp"
#include "test/unit/money/decimal_text.hpp"
#include "test/unit/round_trip.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::dec;
using tn::test::round_trip;

TEST_CASE("order messages cross the wire with their amounts exact") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  order_request req{"tn-42-1", 42, "BTCUSDT", order_side::buy, order_type::limit_maker,
                    dec("0.00853"), dec("117224.79"), {}, false, order_reason::entry,
                    from_unix_ms(1706760000000)};
  auto back = round_trip(sys, req);
  CHECK(back.client_id == "tn-42-1");
  CHECK(back.decision_id == 42);
  CHECK(back.type == order_type::limit_maker);
  CHECK(back.quantity == dec("0.00853"));
  CHECK(back.price == dec("117224.79"));
  CHECK(back.ts == req.ts);
  fill f{"tn-42-1", "BTCUSDT", order_side::buy, 7, dec("0.00853"), dec("117224.79"),
         dec("0.00000171"), "BNB", true, req.ts};
  auto g = round_trip(sys, f);
  CHECK(g.fee == dec("0.00000171"));
  CHECK(g.maker);
  account_state acct;
  acct.equity = dec("10000.5");
  acct.balances.push_back({"USDT", dec("9000"), dec("1000.5")});
  auto a = round_trip(sys, acct);
  CHECK(a.equity == dec("10000.5"));
  REQUIRE(a.balances.size() == 1);
  CHECK(a.balances[0].locked == dec("1000.5"));
}

TEST_CASE("funding payments and the funding a restart learns cross the wire exactly") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  funding_payment p{"AVAXUSDT", from_unix_ms(1706803200001), dec("-41"), dec("36.584"),
                    dec("0.0001"), dec("0.1499944"), "USDT"};
  auto back = round_trip(sys, p);
  CHECK(back.symbol == "AVAXUSDT");
  CHECK(back.ts == p.ts);
  CHECK(back.position == dec("-41"));
  CHECK(back.mark_price == dec("36.584"));
  CHECK(back.rate == dec("0.0001"));
  CHECK(back.amount == dec("0.1499944"));
  CHECK(back.asset == "USDT");
  execution_journal j;
  j.funding_settled["AVAXUSDT"] = p.ts;
  auto k = round_trip(sys, j);
  REQUIRE(k.funding_settled.count("AVAXUSDT") == 1);
  CHECK(k.funding_settled.at("AVAXUSDT") == p.ts);
}
