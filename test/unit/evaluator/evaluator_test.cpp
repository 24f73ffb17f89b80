#include "actors/evaluator/evaluator.hpp"

#include "test/unit/evaluator/series.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace tn;

namespace {

auto uptrend(size_t n = 100) {
  return test::hourly_bars(test::trending_closes(n, 100, 0.003, 0.001));
}

auto downtrend(size_t n = 100) {
  return test::hourly_bars(test::trending_closes(n, 100, -0.003, 0.001));
}

/// Alternating +-0.5 % around 100: no trend, no momentum.
auto choppy(size_t n = 100) {
  std::vector<double> closes;
  for (size_t i = 0; i < n; ++i)
    closes.push_back(i % 2 == 0 ? 100.0 : 100.5);
  return test::hourly_bars(closes);
}

const symbol_decision& only(const decision& d) {
  REQUIRE(d.decisions.size() == 1);
  return d.decisions.front();
}

void check_signal_names(const symbol_decision& d) {
  REQUIRE(d.signals.size() == 5);
  for (size_t i = 0; i < 5; ++i)
    CHECK(d.signals[i].name == evaluator_signal_names[i]);
}

void check_finite(const decision& d) {
  for (auto& x : d.decisions) {
    CHECK(std::isfinite(x.position_pct));
    for (auto& s : x.signals) {
      CHECK(std::isfinite(s.confidence));
      CHECK(s.confidence >= 0);
      CHECK(s.confidence <= 1);
    }
  }
  CHECK(d.reasoning.find("nan") == std::string::npos);
  CHECK(d.reasoning.find("inf") == std::string::npos);
}

} // namespace

TEST_CASE("a steady uptrend buys a position inside the range") {
  evaluator_config cfg;
  auto snap = test::snapshot_of(uptrend());
  auto d = evaluate(snap, cfg);
  auto& x = only(d);
  CHECK(x.symbol == "BTCUSDT");
  CHECK(x.action == trade_action::buy);
  CHECK(x.position_pct > 0);
  CHECK(x.position_pct <= cfg.max_position_pct);
  check_signal_names(x);
  CHECK(x.signals[0].direction == signal_direction::bullish);
  CHECK(x.signals[1].direction == signal_direction::bullish);
  // No regime service, no derivatives: the regime signal has no data.
  CHECK(x.signals[4].direction == signal_direction::neutral);
  CHECK(x.signals[4].confidence == 0);
  // The decision's frame.
  CHECK(d.ts == snap.ts);
  CHECK(d.source == decision_source::evaluator);
  CHECK(d.next_check_seconds == cfg.next_check_seconds);
  CHECK(d.model.empty());
  CHECK(d.memory_update.empty());
  CHECK(d.wake_conditions.empty());
  CHECK(d.reasoning.rfind("BTCUSDT BUY", 0) == 0);
  CHECK(d.reasoning.find("regime n/a") != std::string::npos);
}

TEST_CASE("a steady downtrend sells: to flat, SELL's target is 0") {
  auto x = only(evaluate(test::snapshot_of(downtrend()), evaluator_config{}));
  CHECK(x.action == trade_action::sell);
  CHECK(x.position_pct == 0);
  CHECK(x.signals[0].direction == signal_direction::bearish);
}

TEST_CASE("a choppy market without direction holds") {
  auto x = only(evaluate(test::snapshot_of(choppy()), evaluator_config{}));
  CHECK(x.action == trade_action::hold);
  CHECK(x.position_pct == 0);
  check_signal_names(x);
}

TEST_CASE("too few bars hold with every signal at zero confidence") {
  market_snapshot snap = test::snapshot_of(uptrend(evaluator_min_bars - 1));
  snap.regime = "low_vol"; // data of its own, but not enough to trade on
  auto d = evaluate(snap, evaluator_config{});
  auto& x = only(d);
  CHECK(x.action == trade_action::hold);
  check_signal_names(x);
  for (auto& s : x.signals) {
    CHECK(s.direction == signal_direction::neutral);
    CHECK(s.confidence == 0);
  }
  CHECK(d.reasoning == "BTCUSDT HOLD: 14 usable 1h bars, needs 15");
}

TEST_CASE("enough bars for some signals decide on those") {
  // 24 bars, the trader's default prompt: no trend (needs 50) but the rest.
  auto x = only(evaluate(test::snapshot_of(uptrend(24)), evaluator_config{}));
  CHECK(x.signals[0].confidence == 0);
  CHECK(x.signals[1].confidence > 0);
  CHECK(x.action == trade_action::buy);
}

TEST_CASE("symbols without 1h candles hold, the others decide") {
  auto snap = test::snapshot_of(uptrend());
  symbol_snapshot empty;
  empty.symbol = "ETHUSDT";
  snap.symbols.push_back(empty);
  symbol_snapshot four_hour;
  four_hour.symbol = "SOLUSDT";
  four_hour.candles.push_back(candle_set{interval::h4, uptrend()});
  snap.symbols.push_back(four_hour);
  auto d = evaluate(snap, evaluator_config{});
  REQUIRE(d.decisions.size() == 3);
  CHECK(d.decisions[0].action == trade_action::buy);
  CHECK(d.decisions[1].symbol == "ETHUSDT");
  CHECK(d.decisions[1].action == trade_action::hold);
  CHECK(d.decisions[2].action == trade_action::hold);
  // One line per symbol.
  CHECK(std::count(d.reasoning.begin(), d.reasoning.end(), '\n') == 2);
}

TEST_CASE("position_pct grows linearly from the threshold to the maximum") {
  evaluator_config cfg;
  cfg.weights = {0, 0, 0, 0, 1}; // funding alone sets the score
  cfg.entry_threshold = 0.2;
  cfg.max_position_pct = 0.8;
  auto snap = test::snapshot_of(uptrend());
  snap.derivatives.push_back(test::derivatives_of("BTCUSDT", 0.0));
  for (double funding : {0.0001, -0.00005, -0.0002, -0.0005, -0.01}) {
    snap.derivatives[0].funding_rate = funding;
    auto x = only(evaluate(snap, cfg));
    auto score = x.signals[4].confidence;
    CAPTURE(funding, score);
    if (score < cfg.entry_threshold) {
      CHECK(x.action == trade_action::hold);
      CHECK(x.position_pct == 0);
    } else {
      CHECK(x.action == trade_action::buy);
      CHECK(x.position_pct == Approx((score - 0.2) / 0.8 * 0.8));
    }
  }
  // Threshold 1: only a perfect score trades, at the maximum.
  cfg.entry_threshold = 1;
  snap.derivatives[0].funding_rate = -1;
  auto x = only(evaluate(snap, cfg));
  CHECK(x.action == trade_action::buy);
  CHECK(x.position_pct == Approx(0.8));
}

TEST_CASE("a signal with zero weight has no influence") {
  evaluator_config cfg;
  cfg.weights.regime = 0;
  auto without = test::snapshot_of(uptrend());
  auto with = without;
  with.regime = "high_vol";
  with.derivatives.push_back(test::derivatives_of("BTCUSDT", 0.01)); // extreme funding: strongly bearish
  auto a = only(evaluate(without, cfg));
  auto b = only(evaluate(with, cfg));
  CHECK(b.signals[4].direction == signal_direction::bearish); // still reported
  CHECK(a.action == b.action);
  CHECK(a.position_pct == b.position_pct);
  // With weight, the same funding turns the uptrend's buy into a hold or sell.
  cfg.weights.regime = 1;
  CHECK(only(evaluate(with, cfg)).action != trade_action::buy);
}

TEST_CASE("weights are normalised over the signals with data") {
  evaluator_config cfg;
  cfg.weights = {1, 0, 0, 0, 0}; // trend alone
  auto x = only(evaluate(test::snapshot_of(uptrend()), cfg));
  auto trend = x.signals[0].confidence;
  REQUIRE(trend > cfg.entry_threshold);
  auto t = cfg.entry_threshold;
  CHECK(x.position_pct == Approx((trend - t) / (1 - t) * cfg.max_position_pct));
  // Trend alone without the bars it needs: nothing with weight has data.
  auto y = only(evaluate(test::snapshot_of(uptrend(30)), cfg));
  CHECK(y.action == trade_action::hold);
}

TEST_CASE("open positions: a long exits to flat, a rising market buys to the target share") {
  evaluator_config cfg;
  auto falling = test::snapshot_of(downtrend());
  auto rising = test::snapshot_of(uptrend());
  auto flat = test::snapshot_of(choppy());
  position_view longs{"BTCUSDT", 0.5, 100, 1.0, test::series_start()};

  falling.positions.push_back(longs);
  auto exit = only(evaluate(falling, cfg));
  CHECK(exit.action == trade_action::sell);
  CHECK(exit.position_pct == 0);

  // A long in a rising market buys to the target size; other symbols' positions
  // don't count.
  rising.positions = {longs, position_view{"ETHUSDT", -3, 10, 0, test::series_start()}};
  CHECK(only(evaluate(rising, cfg)).position_pct > 0);

  // Without direction a long is kept.
  flat.positions.push_back(longs);
  CHECK(only(evaluate(flat, cfg)).action == trade_action::hold);
}

TEST_CASE("broken bars never make NaN: only the newest clean run counts") {
  evaluator_config cfg;
  auto nan = std::numeric_limits<double>::quiet_NaN();
  SECTION("a zero close in the middle") {
    auto bars = uptrend();
    bars[50].close = 0;
    auto d = evaluate(test::snapshot_of(bars), cfg);
    check_finite(d);
    // 49 bars after it: trend (50) has no data, the rest still buy.
    CHECK(only(d).signals[0].confidence == 0);
    CHECK(only(d).action == trade_action::buy);
  }
  SECTION("a NaN at the end") {
    auto bars = uptrend();
    bars.back().high = nan;
    auto d = evaluate(test::snapshot_of(bars), cfg);
    check_finite(d);
    CHECK(only(d).action == trade_action::hold);
  }
  SECTION("no volume at all") {
    auto bars = uptrend();
    for (auto& b : bars)
      b.volume = 0;
    auto d = evaluate(test::snapshot_of(bars), cfg);
    check_finite(d);
    CHECK(only(d).signals[3].confidence == 0);
    CHECK(only(d).action == trade_action::buy);
  }
  SECTION("a price that never moves") {
    auto bars = test::hourly_bars(std::vector<double>(100, 42.0), 10, 0);
    auto d = evaluate(test::snapshot_of(bars), cfg);
    check_finite(d);
    CHECK(only(d).action == trade_action::hold);
  }
  SECTION("NaN funding, open interest change and quantity") {
    auto snap = test::snapshot_of(uptrend());
    snap.derivatives.push_back(test::derivatives_of("BTCUSDT", nan, nan));
    snap.positions.push_back({"BTCUSDT", nan, nan, nan, test::series_start()});
    auto d = evaluate(snap, cfg);
    check_finite(d);
    CHECK(only(d).action == trade_action::buy);
  }
  SECTION("an empty snapshot") {
    auto d = evaluate(market_snapshot{}, cfg);
    CHECK(d.decisions.empty());
    CHECK(d.reasoning.empty());
  }
}

TEST_CASE("the same snapshot gives the same decision") {
  auto snap = test::snapshot_of(uptrend());
  snap.symbols.push_back(test::snapshot_of(downtrend(), "ETHUSDT").symbols.front());
  snap.derivatives.push_back(test::derivatives_of("ETHUSDT", 0.0004, 1.0));
  snap.regime = "low_vol";
  auto a = evaluate(snap, evaluator_config{});
  auto b = evaluate(snap, evaluator_config{});
  CHECK(a.reasoning == b.reasoning);
  REQUIRE(a.decisions.size() == b.decisions.size());
  for (size_t i = 0; i < a.decisions.size(); ++i) {
    CHECK(a.decisions[i].action == b.decisions[i].action);
    CHECK(a.decisions[i].position_pct == b.decisions[i].position_pct);
    for (size_t k = 0; k < 5; ++k) {
      CHECK(a.decisions[i].signals[k].direction == b.decisions[i].signals[k].direction);
      CHECK(a.decisions[i].signals[k].confidence == b.decisions[i].signals[k].confidence);
    }
  }
}

namespace {

/// The combined score of a one-symbol decision, from its reasoning line.
double score_of(const decision& d) {
  auto at = d.reasoning.find("score ");
  REQUIRE(at != std::string::npos);
  return std::stod(d.reasoning.substr(at + 6));
}

} // namespace

TEST_CASE("the learner's sampled weights reweight the five signals") {
  // An uptrend (trend and momentum bullish) in a high-volatility regime with
  // crowded longs (the fifth signal bearish).
  auto snap = test::snapshot_of(uptrend());
  snap.regime = "high_vol";
  snap.regime_probability = 0.9;
  snap.derivatives.push_back(test::derivatives_of("BTCUSDT", 0.003, -4.0));
  evaluator_config cfg;
  auto plain = evaluate(snap, cfg);
  CHECK(only(plain).signals[4].direction == signal_direction::bearish);
  CHECK(only(plain).signals[0].direction == signal_direction::bullish);
  auto with = [&](double trend, double regime) {
    auto s = snap;
    s.learner.regime = "high_vol_unknown";
    s.learner.source = "global";
    s.learner.weights = {{"momentum", 0.5}, {"regime", regime}, {"trend", trend},
                         {"volatility", 0.5}, {"volume", 0.5}};
    return evaluate(s, cfg);
  };
  // Neutral weights leave the configured ones: the same score.
  auto neutral = with(0.5, 0.5);
  CHECK(score_of(neutral) == Approx(score_of(plain)).margin(0.005));
  CHECK(neutral.reasoning.find("[learner weights: global]") != std::string::npos);
  CHECK(plain.reasoning.find("learner") == std::string::npos);
  // Trusting the trend over the regime signal scores higher than the
  // reverse; the signals themselves do not change.
  auto trust_trend = with(0.9, 0.1);
  auto trust_regime = with(0.1, 0.9);
  CHECK(score_of(trust_trend) > score_of(plain));
  CHECK(score_of(trust_regime) < score_of(plain));
  CHECK(only(trust_trend).signals[4].confidence == only(trust_regime).signals[4].confidence);
  // Weights of names the evaluator does not emit count as neutral.
  auto s = snap;
  s.learner.source = "global";
  s.learner.weights = {{"rsi_divergence", 0.95}};
  CHECK(score_of(evaluate(s, cfg)) == Approx(score_of(plain)).margin(0.005));
}
