#include "actors/regime/hmm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace tn {

namespace {

constexpr double neg_inf = -std::numeric_limits<double>::infinity();
constexpr double log_two_pi = 1.8378770664093454835606594728112;

using pair = std::array<double, 2>;

double safe_log(double x) {
  return x > 0 ? std::log(x) : neg_inf;
}

/// What one E-step gathers: the log-likelihood, the state probabilities
/// given every observation and the expected transitions.
struct expectations {
  double loglik = 0;
  std::vector<pair> state;      // state[t][k] = P(state k at t | x)
  std::array<pair, 2> moves{};  // sum over t of P(from at t, to at t+1 | x)
};

struct log_model {
  pair initial;
  std::array<pair, 2> transition;
};

log_model logs_of(const hmm_params& p) {
  log_model m;
  for (int i = 0; i < 2; ++i) {
    m.initial[i] = safe_log(p.initial[i]);
    for (int j = 0; j < 2; ++j)
      m.transition[i][j] = safe_log(p.transition[i][j]);
  }
  return m;
}

/// Log emissions, one pair per observation.
std::vector<pair> emissions(const hmm_params& p, const std::vector<double>& x) {
  // log_normal with its constant part computed once per state.
  pair offset;
  pair scale;
  for (int k = 0; k < 2; ++k) {
    offset[k] = -0.5 * (log_two_pi + std::log(p.variance[k]));
    scale[k] = -0.5 / p.variance[k];
  }
  std::vector<pair> out(x.size());
  for (size_t t = 0; t < x.size(); ++t)
    for (int k = 0; k < 2; ++k) {
      auto d = x[t] - p.mean[k];
      out[t][k] = offset[k] + scale[k] * d * d;
    }
  return out;
}

/// Log forward variables: alpha[t][k] = log P(x[0..t], state k at t).
std::vector<pair> forward(const log_model& m, const std::vector<pair>& le) {
  std::vector<pair> alpha(le.size());
  if (le.empty())
    return alpha;
  for (int k = 0; k < 2; ++k)
    alpha[0][k] = m.initial[k] + le[0][k];
  for (size_t t = 1; t < le.size(); ++t)
    for (int j = 0; j < 2; ++j)
      alpha[t][j] = log_sum_exp(alpha[t - 1][0] + m.transition[0][j],
                                alpha[t - 1][1] + m.transition[1][j])
                    + le[t][j];
  return alpha;
}

pair normalised(const pair& log_weights) {
  auto total = log_sum_exp(log_weights[0], log_weights[1]);
  return {std::exp(log_weights[0] - total), std::exp(log_weights[1] - total)};
}

expectations expect(const hmm_params& p, const std::vector<double>& x) {
  auto m = logs_of(p);
  auto le = emissions(p, x);
  auto alpha = forward(m, le);
  auto n = x.size();
  // Log backward variables: beta[t][k] = log P(x[t+1..] | state k at t).
  std::vector<pair> beta(n, pair{0, 0});
  for (size_t t = n - 1; t-- > 0;)
    for (int i = 0; i < 2; ++i)
      beta[t][i] = log_sum_exp(m.transition[i][0] + le[t + 1][0] + beta[t + 1][0],
                               m.transition[i][1] + le[t + 1][1] + beta[t + 1][1]);
  expectations e;
  e.loglik = log_sum_exp(alpha[n - 1][0], alpha[n - 1][1]);
  e.state.resize(n);
  for (size_t t = 0; t < n; ++t) {
    for (int k = 0; k < 2; ++k)
      e.state[t][k] = std::exp(alpha[t][k] + beta[t][k] - e.loglik);
    if (t + 1 == n)
      continue;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        e.moves[i][j] += std::exp(alpha[t][i] + m.transition[i][j] + le[t + 1][j]
                                  + beta[t + 1][j] - e.loglik);
  }
  return e;
}

hmm_params maximise(const expectations& e, const std::vector<double>& x, const hmm_params& old,
                    double min_variance) {
  hmm_params p;
  auto first_total = e.state[0][0] + e.state[0][1];
  for (int k = 0; k < 2; ++k) {
    p.initial[k] = e.state[0][k] / first_total;
    double weight = 0;
    double sum = 0;
    for (size_t t = 0; t < x.size(); ++t) {
      weight += e.state[t][k];
      sum += e.state[t][k] * x[t];
    }
    // A state the data never visits keeps its old emission and moves.
    if (!(weight > 0)) {
      p.mean[k] = old.mean[k];
      p.variance[k] = old.variance[k];
      p.transition[k] = old.transition[k];
      continue;
    }
    p.mean[k] = sum / weight;
    double squares = 0;
    for (size_t t = 0; t < x.size(); ++t) {
      auto d = x[t] - p.mean[k];
      squares += e.state[t][k] * d * d;
    }
    p.variance[k] = std::max(squares / weight, min_variance);
    auto moves = e.moves[k][0] + e.moves[k][1];
    if (moves > 0)
      p.transition[k] = {e.moves[k][0] / moves, e.moves[k][1] / moves};
    else
      p.transition[k] = old.transition[k];
  }
  return p;
}

} // namespace

double log_sum_exp(double a, double b) {
  if (a < b)
    std::swap(a, b);
  if (a == neg_inf)
    return neg_inf;
  return a + std::log1p(std::exp(b - a));
}

double log_normal(double x, double mean, double variance) {
  auto d = x - mean;
  return -0.5 * (log_two_pi + std::log(variance) + d * d / variance);
}

double hmm_loglik(const hmm_params& p, const std::vector<double>& x) {
  if (x.empty())
    return 0;
  auto alpha = forward(logs_of(p), emissions(p, x));
  return log_sum_exp(alpha.back()[0], alpha.back()[1]);
}

std::vector<pair> hmm_filtered_path(const hmm_params& p, const std::vector<double>& x) {
  auto alpha = forward(logs_of(p), emissions(p, x));
  for (auto& a : alpha)
    a = normalised(a);
  return alpha;
}

pair hmm_filtered(const hmm_params& p, const std::vector<double>& x) {
  if (x.empty())
    return p.initial;
  auto alpha = forward(logs_of(p), emissions(p, x));
  return normalised(alpha.back());
}

em_result baum_welch(const std::vector<double>& x, const hmm_params& start,
                     const em_limits& limits) {
  em_result r;
  r.params = start;
  if (x.size() < 2) {
    r.loglik = hmm_loglik(start, x);
    return r;
  }
  auto e = expect(r.params, x);
  r.loglik = e.loglik;
  while (r.iterations < limits.max_iterations) {
    auto next = maximise(e, x, r.params, limits.min_variance);
    auto next_e = expect(next, x);
    ++r.iterations;
    auto gain = next_e.loglik - r.loglik;
    r.params = next;
    r.loglik = next_e.loglik;
    e = std::move(next_e);
    if (!(gain >= limits.tolerance)) {
      r.converged = true;
      break;
    }
  }
  return r;
}

hmm_params swap_states(const hmm_params& p) {
  hmm_params q;
  for (int i = 0; i < 2; ++i) {
    q.initial[i] = p.initial[1 - i];
    q.mean[i] = p.mean[1 - i];
    q.variance[i] = p.variance[1 - i];
    for (int j = 0; j < 2; ++j)
      q.transition[i][j] = p.transition[1 - i][1 - j];
  }
  return q;
}

hmm_params order_by_variance(const hmm_params& p) {
  return p.variance[0] <= p.variance[1] ? p : swap_states(p);
}

} // namespace tn
