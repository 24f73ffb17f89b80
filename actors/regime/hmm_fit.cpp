#include "actors/regime/hmm_fit.hpp"

#include <algorithm>
#include <cmath>

namespace tn {

namespace {

struct moments {
  double mean = 0;
  double variance = 0;
};

moments moments_of(const std::vector<double>& x) {
  moments m;
  for (auto v : x)
    m.mean += v;
  m.mean /= static_cast<double>(x.size());
  for (auto v : x)
    m.variance += (v - m.mean) * (v - m.mean);
  m.variance /= static_cast<double>(x.size());
  return m;
}

/// SplitMix64: a small generator whose output is fixed by its definition,
/// not by a standard library's distributions.
class splitmix {
public:
  explicit splitmix(uint64_t seed) : state_(seed) {
  }

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1).
  double uniform() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
  }

  /// Standard normal (Box-Muller).
  double normal() {
    auto u = 1.0 - uniform(); // (0, 1]
    auto v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

private:
  uint64_t state_;
};

hmm_fit finish(const std::vector<double>& x, const em_result& run) {
  hmm_fit fit;
  fit.params = order_by_variance(run.params);
  fit.loglik = run.loglik;
  fit.iterations = run.iterations;
  fit.converged = run.converged;
  fit.observations = static_cast<uint32_t>(x.size());
  fit.filtered_last = hmm_filtered(fit.params, x);
  return fit;
}

/// The variance floor for `x`: a state must not collapse onto a few equal
/// values (a flat market), which would send the likelihood to infinity.
em_limits floored(const std::vector<double>& x, em_limits limits) {
  limits.min_variance = std::max(limits.min_variance, moments_of(x).variance * 1e-4);
  return limits;
}

} // namespace

std::string hmm_options::validate() const {
  if (restarts < 1 || restarts > 100)
    return "restarts: must lie in [1, 100]";
  if (limits.max_iterations < 1 || limits.max_iterations > 100000)
    return "max_iterations: must lie in [1, 100000]";
  if (!std::isfinite(limits.tolerance) || limits.tolerance <= 0 || limits.tolerance > 1)
    return "tolerance: must lie in (0, 1]";
  if (!std::isfinite(limits.min_variance) || limits.min_variance <= 0)
    return "min_variance: must be > 0";
  return {};
}

hmm_params data_start(const std::vector<double>& x) {
  auto m = moments_of(x);
  hmm_params p;
  p.initial = {0.5, 0.5};
  p.transition = {{{0.95, 0.05}, {0.05, 0.95}}};
  p.mean = {m.mean, m.mean};
  p.variance = {m.variance * 0.5, m.variance * 2.0};
  return p;
}

hmm_params random_start(const std::vector<double>& x, uint64_t seed, uint32_t k) {
  auto m = moments_of(x);
  auto sd = std::sqrt(m.variance);
  splitmix rng{seed * 0x100000001B3ull + k};
  hmm_params p;
  p.initial = {0.5, 0.5};
  for (int i = 0; i < 2; ++i) {
    p.mean[i] = m.mean + 0.5 * sd * rng.normal();
    // Between e^-1.5 and e^1.5 times the sample variance.
    p.variance[i] = m.variance * std::exp(3.0 * rng.uniform() - 1.5);
    auto stay = 0.5 + 0.49 * rng.uniform();
    p.transition[i][i] = stay;
    p.transition[i][1 - i] = 1.0 - stay;
  }
  return p;
}

hmm_fit fit_hmm_from(const std::vector<double>& x, const hmm_params& start,
                     const em_limits& limits) {
  return finish(x, baum_welch(x, start, floored(x, limits)));
}

hmm_fit fit_hmm(const std::vector<double>& x, const hmm_options& options) {
  auto limits = floored(x, options.limits);
  auto best = baum_welch(x, data_start(x), limits);
  for (uint32_t k = 1; k < options.restarts; ++k) {
    auto run = baum_welch(x, random_start(x, options.seed, k), limits);
    // Ties keep the earlier start, so the winner does not depend on noise.
    if (run.loglik > best.loglik)
      best = run;
  }
  return finish(x, best);
}

} // namespace tn
