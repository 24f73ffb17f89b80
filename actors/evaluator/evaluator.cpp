#include "actors/evaluator/evaluator.hpp"

#include "actors/evaluator/signals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tn {

namespace {

using signal_scores = std::array<signal_score, evaluator_signal_names.size()>;

/// The newest run of bars of the 1h set whose prices are positive and
/// values finite: an indicator across a broken bar would be wrong. Points
/// at the set's own bars when all are usable (the usual case), else at
/// `tail`, which then holds the usable run.
const std::vector<candle>& usable_hourly_bars(const symbol_snapshot& sym,
                                              std::vector<candle>& tail) {
  auto set = std::find_if(sym.candles.begin(), sym.candles.end(),
                          [](const candle_set& s) { return s.span == interval::h1; });
  if (set == sym.candles.end())
    return tail;
  auto usable = [](const candle& b) {
    return std::isfinite(b.open) && std::isfinite(b.high) && std::isfinite(b.low)
           && std::isfinite(b.close) && std::isfinite(b.volume) && b.close > 0 && b.low > 0
           && b.high >= b.low && b.volume >= 0;
  };
  auto& bars = set->bars;
  auto first_bad_from_end = std::find_if_not(bars.rbegin(), bars.rend(), usable);
  if (first_bad_from_end == bars.rend())
    return bars;
  tail.assign(first_bad_from_end.base(), bars.end());
  return tail;
}

const derivatives_view* derivatives_of(const market_snapshot& snap, const std::string& symbol) {
  for (auto& d : snap.derivatives)
    if (d.symbol == symbol)
      return &d;
  return nullptr;
}

using signal_weights = std::array<double, evaluator_signal_names.size()>;

/// The configured weights, each times the learner's weight for its signal
/// (matched by name: the learner keys its signals by the normalised name,
/// and the evaluator's names are already normalised). A signal the learner
/// has no weight for counts at its neutral 0.5; without learner weights all
/// count equally and the configured weights decide alone.
signal_weights weights_for(const evaluator_weights& w, const learner_weights& learned) {
  signal_weights out{w.trend, w.momentum, w.volatility, w.volume, w.regime};
  if (learned.weights.empty())
    return out;
  for (size_t i = 0; i < out.size(); ++i) {
    auto factor = 0.5;
    for (auto& x : learned.weights)
      if (x.signal == evaluator_signal_names[i] && std::isfinite(x.weight))
        factor = std::clamp(x.weight, 0.0, 1.0);
    out[i] *= factor;
  }
  return out;
}

/// The weighted mean of the signals with data; 0 if none has weight.
double combine(const signal_scores& s, const signal_weights& weights) {
  double sum = 0;
  double total = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].has_data) {
      sum += weights[i] * s[i].value;
      total += weights[i];
    }
  return total > 0 ? std::clamp(sum / total, -1.0, 1.0) : 0.0;
}

/// The target size for a score past the threshold: 0 at it, max at |1|.
double position_for(double score, const evaluator_config& cfg) {
  auto excess = std::abs(score) - cfg.entry_threshold;
  auto room = 1.0 - cfg.entry_threshold;
  auto fraction = room > 0 ? excess / room : 1.0;
  return std::clamp(fraction, 0.0, 1.0) * std::clamp(cfg.max_position_pct, 0.0, 1.0);
}

trade_signal to_trade_signal(const char* name, const signal_score& s) {
  auto direction = s.value > 0   ? signal_direction::bullish
                   : s.value < 0 ? signal_direction::bearish
                                 : signal_direction::neutral;
  return {name, direction, std::abs(s.value)};
}

std::string describe(const symbol_decision& d, double score, const signal_scores& s) {
  auto line = fmt::format("{} {} {:.2f}: score {:+.2f} (", d.symbol, to_string(d.action),
                          d.position_pct, score);
  for (size_t i = 0; i < s.size(); ++i)
    line += fmt::format("{}{} {}", i == 0 ? "" : ", ", evaluator_signal_names[i],
                        s[i].has_data ? fmt::format("{:+.2f}", s[i].value) : "n/a");
  return line + ")";
}

/// The decision for one symbol and its reasoning line.
std::pair<symbol_decision, std::string> decide(const symbol_snapshot& sym,
                                               const market_snapshot& snap,
                                               const evaluator_config& cfg) {
  symbol_decision d;
  d.symbol = sym.symbol;
  std::vector<candle> tail;
  auto& bars = usable_hourly_bars(sym, tail);
  signal_scores s{};
  if (bars.size() >= evaluator_min_bars)
    s = {trend_signal(bars), momentum_signal(bars), volatility_signal(bars), volume_signal(bars),
         regime_signal(snap.regime, derivatives_of(snap, sym.symbol), snap.regime_probability)};
  for (size_t i = 0; i < s.size(); ++i)
    d.signals.push_back(to_trade_signal(evaluator_signal_names[i], s[i]));
  if (bars.size() < evaluator_min_bars)
    return {std::move(d), fmt::format("{} HOLD: {} usable 1h bars, needs {}", sym.symbol,
                                      bars.size(), evaluator_min_bars)};
  auto score = combine(s, weights_for(cfg.weights, snap.learner));
  // position_pct is the target share of equity: a BUY raises the position
  // to it (risk does nothing when it is already there), a SELL at 0 closes
  // whatever is held (nothing when flat: the node does not short).
  if (score >= cfg.entry_threshold) {
    d.action = trade_action::buy;
    d.position_pct = position_for(score, cfg);
  } else if (score <= -cfg.entry_threshold) {
    d.action = trade_action::sell;
  }
  auto line = describe(d, score, s);
  if (!snap.learner.weights.empty())
    line += fmt::format(" [learner weights: {}]", snap.learner.source);
  return {std::move(d), std::move(line)};
}

} // namespace

decision evaluate(const market_snapshot& snap, const evaluator_config& cfg) {
  decision result;
  result.ts = snap.ts;
  result.source = decision_source::evaluator;
  result.next_check_seconds = cfg.next_check_seconds;
  for (auto& sym : snap.symbols) {
    auto [d, line] = decide(sym, snap, cfg);
    result.decisions.push_back(std::move(d));
    if (!result.reasoning.empty())
      result.reasoning += '\n';
    result.reasoning += line;
  }
  return result;
}

} // namespace tn
