#include "actors/learner/learner.hpp"

#include "actors/evaluator/evaluator.hpp"
#include "actors/learner/signal_names.hpp"

#include <algorithm>
#include <utility>

namespace tn {

namespace {

int side_of(trade_action a) {
  switch (a) {
    case trade_action::buy: return 1;
    case trade_action::sell: return -1;
    case trade_action::hold: return 0;
  }
  return 0;
}

} // namespace

std::string regime_key(const std::string& crypto, const std::string& macro) {
  return (crypto.empty() ? std::string{"unknown"} : crypto) + "_"
         + (macro.empty() ? std::string{"unknown"} : macro);
}

double sample_beta(std::mt19937_64& rng, double alpha, double beta) {
  std::gamma_distribution<double> ga{alpha, 1.0};
  std::gamma_distribution<double> gb{beta, 1.0};
  auto x = ga(rng);
  auto y = gb(rng);
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}

learner::learner(learner_config cfg, uint64_t seed) : cfg_(std::move(cfg)), rng_(seed) {
}

learner_trade learner::trade_of(const position_exit& exit, const learner_entry& entry,
                                const std::string& regime) {
  learner_trade t;
  t.position_id = exit.position_id;
  t.symbol = exit.symbol;
  t.entry_decision_id = exit.entry_decision_id;
  t.regime = regime;
  t.pnl = exit.pnl;
  t.won = exit.pnl > decimal{};
  t.closed = exit.closed;
  auto side = side_of(entry.action);
  auto fresh = names_.size();
  for (auto& s : entry.signals) {
    auto sign = static_cast<int>(s.direction);
    if (side == 0 || sign == 0 || !(s.confidence > 0))
      continue;
    auto name = normalise_signal_name(s.name);
    if (name.empty())
      continue;
    auto w = std::min(s.confidence, 1.0);
    learned_signal x{name, w, (sign == side) == t.won};
    auto same = std::find_if(t.signals.begin(), t.signals.end(),
                             [&](const learned_signal& y) { return y.name == name; });
    if (same != t.signals.end()) {
      if (x.weight > same->weight)
        *same = std::move(x);
      continue;
    }
    if (names_.count(name) == 0) {
      if (fresh >= cfg_.max_signals) {
        ++stats_.signals_dropped;
        continue;
      }
      ++fresh;
    }
    t.signals.push_back(std::move(x));
  }
  return t;
}

bool learner::applied(const std::string& position_id) const {
  return applied_.count(position_id) > 0;
}

beta_posterior& learner::slot(const std::string& scope, const std::string& signal) {
  auto& scoped = posteriors_[scope];
  auto i = scoped.find(signal);
  if (i == scoped.end())
    i = scoped.emplace(signal, posterior(scope, signal)).first;
  return i->second;
}

beta_posterior learner::posterior(const std::string& scope, const std::string& signal) const {
  if (auto s = posteriors_.find(scope); s != posteriors_.end())
    if (auto i = s->second.find(signal); i != s->second.end())
      return i->second;
  return {scope, signal, cfg_.prior_alpha, cfg_.prior_beta, 0};
}

std::optional<learner_update> learner::apply(const learner_trade& t) {
  if (!applied_.insert(t.position_id).second) {
    ++stats_.duplicates;
    return std::nullopt;
  }
  ++stats_.applied;
  learner_update out;
  out.trade = t;
  out.prior_alpha = cfg_.prior_alpha;
  out.prior_beta = cfg_.prior_beta;
  if (t.signals.empty())
    return out;
  for (auto* scope : {global_scope, t.regime.c_str()}) {
    if (scope != global_scope && t.regime == global_scope)
      break; // a regime named like the global scope is counted once
    ++trades_[scope];
    for (auto& s : t.signals) {
      auto& p = slot(scope, s.name);
      (s.right ? p.alpha : p.beta) += s.weight;
      ++p.updates;
      names_.insert(s.name);
      out.changes.push_back({scope, s.name, s.right ? s.weight : 0, s.right ? 0 : s.weight, 1});
    }
  }
  return out;
}

void learner::restore(const std::vector<beta_posterior>& posteriors,
                      const std::vector<learner_trade>& trades) {
  for (auto& p : posteriors) {
    posteriors_[p.scope][p.signal] = p;
    names_.insert(p.signal);
  }
  for (auto& t : trades) {
    if (!applied_.insert(t.position_id).second || t.signals.empty())
      continue;
    ++trades_[global_scope];
    ++trades_[t.regime];
  }
}

uint64_t learner::trades_in(const std::string& scope) const {
  auto i = trades_.find(scope);
  return i == trades_.end() ? 0 : i->second;
}

std::vector<std::string> learner::known_signals() const {
  std::set<std::string> all{names_};
  for (auto* name : evaluator_signal_names)
    all.insert(name);
  return {all.begin(), all.end()};
}

std::vector<sampled_weight> learner::draw(const std::string& scope, std::mt19937_64& rng) const {
  std::vector<sampled_weight> out;
  for (auto& name : known_signals()) {
    auto p = posterior(scope, name);
    out.push_back({name, sample_beta(rng, p.alpha, p.beta)});
  }
  return out;
}

std::vector<sampled_weight> learner::neutral() const {
  std::vector<sampled_weight> out;
  auto mean = cfg_.prior_alpha / (cfg_.prior_alpha + cfg_.prior_beta);
  for (auto& name : known_signals())
    out.push_back({name, mean});
  return out;
}

learner_weights learner::weights(const std::string& regime) {
  learner_weights w;
  w.regime = regime;
  for (auto& scope : {regime, std::string{global_scope}}) {
    auto n = trades_in(scope);
    if (n >= cfg_.min_trades && n > 0) {
      w.source = scope;
      w.trades = n;
      w.weights = draw(scope, rng_);
      return w;
    }
  }
  w.source = "neutral";
  w.trades = trades_in(global_scope);
  w.weights = neutral();
  return w;
}

learner_report learner::report(const std::string& regime, std::mt19937_64& rng) const {
  learner_report r;
  r.regime = regime;
  r.min_trades = cfg_.min_trades;
  r.trades = trades_in(global_scope);
  std::vector<std::string> scopes{global_scope};
  for (auto& [scope, n] : trades_)
    if (scope != global_scope)
      scopes.push_back(scope);
  if (std::find(scopes.begin(), scopes.end(), regime) == scopes.end())
    scopes.push_back(regime);
  for (auto& scope : scopes) {
    learner_scope s;
    s.scope = scope;
    s.trades = trades_in(scope);
    s.enough_data = s.trades >= cfg_.min_trades && s.trades > 0;
    if (auto i = posteriors_.find(scope); i != posteriors_.end())
      for (auto& [name, p] : i->second)
        s.posteriors.push_back(p);
    s.sampled = draw(scope, rng);
    r.scopes.push_back(std::move(s));
  }
  return r;
}

} // namespace tn
