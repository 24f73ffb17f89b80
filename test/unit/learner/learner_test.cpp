#include "actors/learner/learner.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace tn;

namespace {

const std::string regime = "unknown_unknown";

position_exit exit_of(const std::string& id, int64_t pnl_units) {
  position_exit x;
  x.position_id = id;
  x.symbol = "BTCUSDT";
  x.entry_decision_id = 7;
  x.pnl = decimal::from_units(pnl_units);
  x.closed = timestamp{std::chrono::hours{1000}};
  return x;
}

learner_entry buy_with(std::vector<trade_signal> signals) {
  return {true, trade_action::buy, std::move(signals)};
}

learner_config small_config() {
  learner_config cfg;
  cfg.min_trades = 3;
  return cfg;
}

} // namespace

TEST_CASE("a won trade raises alpha of the signals that pointed its way, by confidence") {
  learner l{small_config(), 1};
  auto t = l.trade_of(exit_of("p1", 500),
                      buy_with({{"trend", signal_direction::bullish, 0.8},
                                {"RSI", signal_direction::bullish, 0.3},
                                {"volume", signal_direction::bearish, 0.5}}),
                      regime);
  CHECK(t.won);
  REQUIRE(t.signals.size() == 3);
  auto up = l.apply(t);
  REQUIRE(up);
  REQUIRE(up->changes.size() == 6); // three signals, global and the regime
  CHECK(up->changes[0].scope == "global");
  CHECK(up->changes[0].signal == "trend");
  CHECK(up->changes[0].alpha == Approx(0.8));
  CHECK(up->changes[0].beta == 0);
  CHECK(up->changes[0].updates == 1);
  for (auto* scope : {global_scope, regime.c_str()}) {
    auto trend = l.posterior(scope, "trend");
    CHECK(trend.alpha == Approx(1.8));
    CHECK(trend.beta == Approx(1.0));
    CHECK(trend.updates == 1);
    auto momentum = l.posterior(scope, "momentum");
    CHECK(momentum.alpha == Approx(1.3));
    // Bearish on a winning BUY: the signal was wrong.
    auto volume = l.posterior(scope, "volume");
    CHECK(volume.alpha == Approx(1.0));
    CHECK(volume.beta == Approx(1.5));
  }
  CHECK(l.trades_in(global_scope) == 1);
  CHECK(l.trades_in(regime) == 1);
}

TEST_CASE("a lost trade raises beta; a loss after fees is a loss however small") {
  learner l{small_config(), 1};
  auto entry = buy_with({{"trend", signal_direction::bullish, 0.6}});
  l.apply(l.trade_of(exit_of("p1", -1), entry, regime));
  l.apply(l.trade_of(exit_of("p2", 0), entry, regime)); // zero after fees: not a win
  auto p = l.posterior(global_scope, "trend");
  CHECK(p.alpha == Approx(1.0));
  CHECK(p.beta == Approx(2.2));
  CHECK(p.updates == 2);
}

TEST_CASE("two signals with different confidence end with different posteriors") {
  learner l{small_config(), 1};
  auto entry = buy_with({{"trend", signal_direction::bullish, 0.9},
                         {"momentum", signal_direction::bullish, 0.2}});
  l.apply(l.trade_of(exit_of("p1", 100), entry, regime));
  l.apply(l.trade_of(exit_of("p2", 100), entry, regime));
  l.apply(l.trade_of(exit_of("p3", -100), entry, regime));
  auto trend = l.posterior(global_scope, "trend");
  auto momentum = l.posterior(global_scope, "momentum");
  CHECK(trend.alpha == Approx(2.8));
  CHECK(trend.beta == Approx(1.9));
  CHECK(momentum.alpha == Approx(1.4));
  CHECK(momentum.beta == Approx(1.2));
  auto mean = [](const beta_posterior& p) { return p.alpha / (p.alpha + p.beta); };
  CHECK(mean(trend) > mean(momentum));
}

TEST_CASE("the same position is applied once") {
  learner l{small_config(), 1};
  auto entry = buy_with({{"trend", signal_direction::bullish, 1.0}});
  auto t = l.trade_of(exit_of("p1", 100), entry, regime);
  CHECK(l.apply(t));
  CHECK_FALSE(l.apply(t));
  CHECK(l.applied("p1"));
  CHECK(l.posterior(global_scope, "trend").alpha == Approx(2.0));
  CHECK(l.counters().duplicates == 1);
  CHECK(l.trades_in(global_scope) == 1);
}

TEST_CASE("neutral and zero-confidence signals are not learned; a name given twice counts once") {
  learner l{small_config(), 1};
  auto t = l.trade_of(exit_of("p1", 100),
                      buy_with({{"trend", signal_direction::neutral, 0.9},
                                {"volume", signal_direction::bullish, 0.0},
                                {"RSI", signal_direction::bullish, 0.4},
                                {"momentum", signal_direction::bullish, 0.7}}),
                      regime);
  REQUIRE(t.signals.size() == 1);
  CHECK(t.signals[0].name == "momentum");
  CHECK(t.signals[0].weight == Approx(0.7));
}

TEST_CASE("a trade without signals is applied but counts toward no scope") {
  learner l{small_config(), 1};
  auto t = l.trade_of(exit_of("p1", 100), learner_entry{}, regime);
  CHECK(t.signals.empty());
  auto up = l.apply(t);
  REQUIRE(up);
  CHECK(up->changes.empty());
  CHECK(l.applied("p1"));
  CHECK(l.trades_in(global_scope) == 0);
}

TEST_CASE("names beyond max_signals are not learned") {
  auto cfg = small_config();
  cfg.max_signals = 2;
  learner l{cfg, 1};
  auto t = l.trade_of(exit_of("p1", 100),
                      buy_with({{"alpha one", signal_direction::bullish, 0.5},
                                {"beta two", signal_direction::bullish, 0.5},
                                {"gamma three", signal_direction::bullish, 0.5}}),
                      regime);
  CHECK(t.signals.size() == 2);
  CHECK(l.counters().signals_dropped == 1);
  l.apply(t);
  // Known names still learn.
  auto again = l.trade_of(exit_of("p2", 100),
                          buy_with({{"beta two", signal_direction::bullish, 0.5},
                                    {"delta", signal_direction::bullish, 0.5}}),
                          regime);
  REQUIRE(again.signals.size() == 1);
  CHECK(again.signals[0].name == "beta_two");
}

TEST_CASE("weights are neutral until a scope has enough trades, then drawn from it") {
  learner l{small_config(), 42};
  auto w = l.weights(regime);
  CHECK(w.source == "neutral");
  REQUIRE(w.weights.size() == 5);
  for (auto& x : w.weights)
    CHECK(x.weight == Approx(0.5));
  auto entry = buy_with({{"trend", signal_direction::bullish, 1.0}});
  for (int i = 0; i < 3; ++i)
    l.apply(l.trade_of(exit_of("p" + std::to_string(i), 100), entry, "low_vol_unknown"));
  // The current regime has no trades: the global posteriors are used.
  w = l.weights("high_vol_unknown");
  CHECK(w.source == "global");
  CHECK(w.trades == 3);
  w = l.weights("low_vol_unknown");
  CHECK(w.source == "low_vol_unknown");
  for (auto& x : w.weights) {
    CHECK(x.weight > 0);
    CHECK(x.weight < 1);
  }
}

TEST_CASE("sampling is deterministic for a seed") {
  auto run = [](uint64_t seed) {
    learner l{small_config(), seed};
    auto entry = buy_with({{"trend", signal_direction::bullish, 0.9},
                           {"momentum", signal_direction::bearish, 0.4}});
    for (int i = 0; i < 5; ++i)
      l.apply(l.trade_of(exit_of("p" + std::to_string(i), i % 2 ? 100 : -100), entry, regime));
    std::vector<double> draws;
    for (int k = 0; k < 4; ++k)
      for (auto& x : l.weights(regime).weights)
        draws.push_back(x.weight);
    return draws;
  };
  auto a = run(7);
  CHECK(a == run(7));
  CHECK(a != run(8));
}

TEST_CASE("Thompson draws follow the posterior") {
  std::mt19937_64 rng{3};
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    sum += sample_beta(rng, 8, 2);
  CHECK(sum / n == Approx(0.8).margin(0.01));
}

TEST_CASE("a restored learner carries on as the one that applied the trades") {
  auto entry = buy_with({{"trend", signal_direction::bullish, 0.9},
                         {"volume", signal_direction::bullish, 0.3}});
  learner before{small_config(), 5};
  std::vector<learner_trade> trades;
  std::vector<beta_posterior> kept;
  for (int i = 0; i < 4; ++i) {
    auto t = before.trade_of(exit_of("p" + std::to_string(i), i == 2 ? -50 : 50), entry, regime);
    auto up = before.apply(t);
    trades.push_back(t);
    // The journal adds each change to the prior.
    for (auto& c : up->changes) {
      auto same = std::find_if(kept.begin(), kept.end(), [&](const beta_posterior& q) {
        return q.scope == c.scope && q.signal == c.signal;
      });
      if (same == kept.end())
        same = kept.insert(kept.end(), {c.scope, c.signal, up->prior_alpha, up->prior_beta, 0});
      same->alpha += c.alpha;
      same->beta += c.beta;
      same->updates += c.updates;
    }
  }
  learner after{small_config(), 5};
  after.restore(kept, trades);
  CHECK(after.trades_in(global_scope) == 4);
  CHECK(after.trades_in(regime) == 4);
  for (auto* name : {"trend", "volume"}) {
    CHECK(after.posterior(regime, name).alpha == Approx(before.posterior(regime, name).alpha));
    CHECK(after.posterior(regime, name).beta == Approx(before.posterior(regime, name).beta));
  }
  // Enough data right after the restart, and no trade applied twice.
  CHECK(after.weights(regime).source == regime);
  CHECK_FALSE(after.apply(trades.front()));
  CHECK(after.weights(regime).weights.size() == before.weights(regime).weights.size());
}

TEST_CASE("the report lists global first, then each regime, with a draw each") {
  learner l{small_config(), 1};
  auto entry = buy_with({{"trend", signal_direction::bullish, 0.5}});
  l.apply(l.trade_of(exit_of("p1", 10), entry, "low_vol_unknown"));
  std::mt19937_64 rng{9};
  auto r = l.report("high_vol_unknown", rng);
  CHECK(r.trades == 1);
  CHECK(r.min_trades == 3);
  REQUIRE(r.scopes.size() == 3);
  CHECK(r.scopes[0].scope == "global");
  CHECK(r.scopes[1].scope == "low_vol_unknown");
  CHECK(r.scopes[2].scope == "high_vol_unknown");
  CHECK(r.scopes[1].posteriors.size() == 1);
  CHECK(r.scopes[2].trades == 0);
  CHECK_FALSE(r.scopes[0].enough_data);
  CHECK(r.scopes[0].sampled.size() == 5);
}

TEST_CASE("regime keys combine both regimes") {
  CHECK(regime_key("low_vol", "goldilocks") == "low_vol_goldilocks");
  CHECK(regime_key("", "") == "unknown_unknown");
}

TEST_CASE("learner config validation names the key") {
  CHECK(learner_config{}.validate() == "");
  learner_config cfg;
  cfg.prior_alpha = 0;
  CHECK(cfg.validate() == "learner.prior_alpha: must be above 0");
}
