// The market context services' answers in the snapshot's terms: unknown
// stays unknown, and every value stays with its symbol.

#include "actors/trader/market_context.hpp"

#include <catch2/catch.hpp>

using namespace tn;

namespace {

market_snapshot with_symbols(std::vector<std::string> names) {
  market_snapshot snap;
  for (auto& n : names) {
    symbol_snapshot s;
    s.symbol = n;
    snap.symbols.push_back(s);
  }
  return snap;
}

} // namespace

TEST_CASE("the crypto regime: its label and the filtered probability of it") {
  market_snapshot snap;
  regime_status st;
  set_crypto_regime(snap, st); // before the first fit: "unknown"
  CHECK(snap.regime.empty());
  CHECK_FALSE(snap.regime_probability);
  st.regime = "high_vol";
  st.p_high_vol = 0.83;
  st.p_low_vol = 0.17;
  st.model.observations = 365;
  set_crypto_regime(snap, st);
  CHECK(snap.regime == "high_vol");
  REQUIRE(snap.regime_probability);
  CHECK(*snap.regime_probability == Approx(0.83));
  st.regime = "low_vol";
  set_crypto_regime(snap, st);
  CHECK(*snap.regime_probability == Approx(0.17));
  // A later "unknown" clears both.
  st.regime = "unknown";
  set_crypto_regime(snap, st);
  CHECK(snap.regime.empty());
  CHECK_FALSE(snap.regime_probability);
}

TEST_CASE("the macro quadrant: unknown is left empty") {
  market_snapshot snap;
  set_macro_regime(snap, "stagflation");
  CHECK(snap.macro_regime == "stagflation");
  set_macro_regime(snap, "unknown");
  CHECK(snap.macro_regime.empty());
}

TEST_CASE("derivatives follow the snapshot's symbols, each its own values") {
  auto snap = with_symbols({"ETHUSDT", "BTCUSDT", "SOLUSDT"});
  derivatives_snapshot btc;
  btc.symbol = "BTCUSDT";
  btc.funding_rate = 0.0001;
  btc.next_funding = from_unix_ms(1'706'860'800'000);
  btc.open_interest_change_pct = -2.5;
  btc.long_short_ratio = 1.4;
  btc.cvd_window = 12.5;
  btc.cvd_bars = 60;
  derivatives_snapshot eth; // nothing known yet, not even a CVD bar
  eth.symbol = "ETHUSDT";
  derivatives_snapshot xrp; // not a symbol of the decision
  xrp.symbol = "XRPUSDT";
  xrp.funding_rate = 0.5;
  set_derivatives(snap, {btc, eth, xrp});
  REQUIRE(snap.derivatives.size() == 2);
  auto& e = snap.derivatives[0];
  auto& b = snap.derivatives[1];
  CHECK(e.symbol == "ETHUSDT");
  CHECK_FALSE(e.funding_rate);
  CHECK_FALSE(e.open_interest_change_pct);
  CHECK_FALSE(e.long_short_ratio);
  CHECK_FALSE(e.cvd_window); // no closed bar counted: unknown, not zero
  CHECK(b.symbol == "BTCUSDT");
  CHECK(*b.funding_rate == Approx(0.0001));
  CHECK(b.next_funding == btc.next_funding);
  CHECK(*b.open_interest_change_pct == Approx(-2.5));
  CHECK(*b.long_short_ratio == Approx(1.4));
  CHECK(*b.cvd_window == Approx(12.5));
}
