// The derivatives snapshot through CAF's serializer, as the middleman sends
// it to tradectl or another node: known values arrive as they were, and an
// unknown value arrives unknown (CAF 0.17's IEEE 754 packing does not keep
// NaN, which is why the types say "unknown" with an optional, not NaN).

#include "messages/derivatives.hpp"
#include "messages/register.hpp"
#include "messages/snapshot.hpp"
#include "test/unit/round_trip.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn;
using tn::test::round_trip;

TEST_CASE("derivatives snapshots cross the wire unchanged") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  derivatives_snapshot s;
  s.symbol = "AVAXUSDT";
  s.ts = from_unix_ms(1'706'832'000'000);
  s.funding_rate = 0.00012;
  s.next_funding = from_unix_ms(1'706'860'800'000);
  s.open_interest = 1234.5;
  s.cvd = -17.25;
  s.cvd_window = 3.5;
  s.cvd_bars = 1440;
  s.hot = true;
  auto back = round_trip(sys, std::vector<derivatives_snapshot>{s});
  REQUIRE(back.size() == 1);
  auto& b = back.front();
  CHECK(b.symbol == "AVAXUSDT");
  CHECK(b.ts == s.ts);
  REQUIRE(b.funding_rate);
  CHECK(*b.funding_rate == 0.00012);
  CHECK(b.next_funding == s.next_funding);
  REQUIRE(b.open_interest);
  CHECK(*b.open_interest == 1234.5);
  // Never known in this snapshot: still unknown on the other side.
  CHECK_FALSE(b.mark_price);
  CHECK_FALSE(b.open_interest_change_pct);
  CHECK_FALSE(b.long_short_ratio);
  CHECK_FALSE(b.long_account);
  CHECK(b.cvd == -17.25);
  CHECK(b.cvd_window == 3.5);
  CHECK(b.cvd_bars == 1440);
  CHECK(b.hot);
  CHECK(round_trip(sys, derivs_query::long_short_ratio) == derivs_query::long_short_ratio);
}

TEST_CASE("the snapshot's derivatives view keeps unknown values unknown across the wire") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  market_snapshot snap;
  derivatives_view known;
  known.symbol = "BTCUSDT";
  known.funding_rate = -0.0002;
  known.next_funding = from_unix_ms(1'706'860'800'000);
  known.open_interest_change_pct = 0.0; // known to be zero, not unknown
  known.long_short_ratio = 1.75;
  known.cvd_window = -3.5;
  derivatives_view unknown;
  unknown.symbol = "ETHUSDT";
  snap.derivatives = {known, unknown};
  snap.regime_probability = 0.8;
  auto back = round_trip(sys, snap);
  REQUIRE(back.derivatives.size() == 2);
  auto& k = back.derivatives[0];
  REQUIRE(k.funding_rate);
  CHECK(*k.funding_rate == -0.0002);
  CHECK(k.next_funding == known.next_funding);
  REQUIRE(k.open_interest_change_pct);
  CHECK(*k.open_interest_change_pct == 0.0);
  REQUIRE(k.long_short_ratio);
  CHECK(*k.long_short_ratio == 1.75);
  REQUIRE(k.cvd_window);
  CHECK(*k.cvd_window == -3.5);
  auto& u = back.derivatives[1];
  CHECK(u.symbol == "ETHUSDT");
  CHECK_FALSE(u.funding_rate);
  CHECK(u.next_funding == timestamp{});
  CHECK_FALSE(u.open_interest_change_pct);
  CHECK_FALSE(u.long_short_ratio);
  CHECK_FALSE(u.cvd_window);
  REQUIRE(back.regime_probability);
  CHECK(*back.regime_probability == 0.8);
  CHECK_FALSE(round_trip(sys, market_snapshot{}).regime_probability);
}
