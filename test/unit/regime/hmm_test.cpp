// The log-space forward algorithm against the scaled reference, Baum-Welch's
// monotone likelihood, parameter recovery from simulated data, and labels
// that do not depend on how the states were numbered.

#include "actors/regime/hmm_fit.hpp"
#include "test/unit/regime/simulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn;
using tn::test::btc_like;
using tn::test::reference_loglik;
using tn::test::simulate_hmm;

namespace {

hmm_params odd_params() {
  hmm_params p;
  p.initial = {0.2, 0.8};
  p.transition = {{{0.7, 0.3}, {0.45, 0.55}}};
  p.mean = {-0.01, 0.02};
  p.variance = {0.0004, 0.003};
  return p;
}

void check_same(const hmm_fit& a, const hmm_fit& b, double tol) {
  CHECK(a.loglik == Approx(b.loglik).margin(tol));
  CHECK(a.iterations == b.iterations);
  for (int i = 0; i < 2; ++i) {
    CHECK(a.params.mean[i] == Approx(b.params.mean[i]).margin(tol));
    CHECK(a.params.variance[i] == Approx(b.params.variance[i]).margin(tol));
    CHECK(a.filtered_last[i] == Approx(b.filtered_last[i]).margin(tol));
    for (int j = 0; j < 2; ++j)
      CHECK(a.params.transition[i][j] == Approx(b.params.transition[i][j]).margin(tol));
  }
  CHECK(std::string{a.regime()} == b.regime());
}

} // namespace

TEST_CASE("the log-space forward log-likelihood agrees with the scaled reference to 1e-6") {
  for (auto n : {1, 2, 50, 365, 3650}) {
    for (auto& p : {btc_like(), odd_params()}) {
      auto x = simulate_hmm(btc_like(), n, 7 + n);
      std::array<double, 2> ref_filtered{};
      auto ref = reference_loglik(p, x, &ref_filtered);
      INFO("n = " << n);
      CHECK(std::abs(hmm_loglik(p, x) - ref) < 1e-6);
      auto filtered = hmm_filtered(p, x);
      CHECK(std::abs(filtered[0] - ref_filtered[0]) < 1e-9);
      CHECK(filtered[0] + filtered[1] == Approx(1.0).margin(1e-12));
    }
  }
}

TEST_CASE("the forward pass survives observations far in a tail without underflow") {
  auto p = btc_like();
  // A 60-sigma day of the calm state: its density underflows to 0 in
  // probability space, its log density does not.
  std::vector<double> x{0.001, 0.9, -0.002};
  auto ll = hmm_loglik(p, x);
  CHECK(std::isfinite(ll));
  auto filtered = hmm_filtered(p, x);
  CHECK(std::isfinite(filtered[0]));
  CHECK(filtered[0] + filtered[1] == Approx(1.0));
}

TEST_CASE("the filtered path ends in the filtered probability of the whole series") {
  auto x = simulate_hmm(btc_like(), 200, 3);
  auto path = hmm_filtered_path(btc_like(), x);
  REQUIRE(path.size() == x.size());
  auto last = hmm_filtered(btc_like(), x);
  CHECK(path.back()[0] == Approx(last[0]).margin(1e-15));
  std::vector<double> first_ten(x.begin(), x.begin() + 10);
  CHECK(path[9][1] == Approx(hmm_filtered(btc_like(), first_ten)[1]).margin(1e-15));
}

TEST_CASE("every Baum-Welch iteration keeps or raises the log-likelihood") {
  auto x = simulate_hmm(btc_like(), 365, 11);
  auto start = data_start(x);
  em_limits limits;
  limits.tolerance = 1e-12;
  double previous = hmm_loglik(start, x);
  for (uint32_t k = 1; k <= 30; ++k) {
    limits.max_iterations = k;
    auto run = baum_welch(x, start, limits);
    INFO("iteration " << k);
    CHECK(run.loglik >= previous - 1e-9);
    CHECK(run.loglik == Approx(hmm_loglik(run.params, x)).margin(1e-9));
    previous = run.loglik;
  }
}

TEST_CASE("Baum-Welch stops on the tolerance before max_iterations") {
  auto x = simulate_hmm(btc_like(), 365, 12);
  em_limits limits;
  limits.tolerance = 1e-6;
  limits.max_iterations = 10000;
  auto run = baum_welch(x, data_start(x), limits);
  CHECK(run.converged);
  CHECK(run.iterations < 10000);
  limits.max_iterations = 3;
  auto short_run = baum_welch(x, data_start(x), limits);
  CHECK_FALSE(short_run.converged);
  CHECK(short_run.iterations == 3);
}

TEST_CASE("parameters are recovered from data simulated with known parameters") {
  auto truth = btc_like();
  std::vector<int> states;
  auto x = simulate_hmm(truth, 5000, 20260101, &states);
  auto fit = fit_hmm(x, hmm_options{});
  CHECK(fit.converged);
  CHECK(fit.observations == 5000);
  auto& p = fit.params;
  INFO("means " << p.mean[0] << " " << p.mean[1] << ", sd " << std::sqrt(p.variance[0]) << " "
                << std::sqrt(p.variance[1]) << ", stay " << p.transition[0][0] << " "
                << p.transition[1][1]);
  // Standard deviations within 5%, means within a few standard errors,
  // persistence within 0.02.
  CHECK(std::sqrt(p.variance[0]) == Approx(0.015).epsilon(0.05));
  CHECK(std::sqrt(p.variance[1]) == Approx(0.045).epsilon(0.05));
  CHECK(p.mean[0] == Approx(0.001).margin(0.0008));
  CHECK(p.mean[1] == Approx(-0.002).margin(0.004));
  CHECK(p.transition[0][0] == Approx(0.97).margin(0.02));
  CHECK(p.transition[1][1] == Approx(0.92).margin(0.03));
  CHECK(p.transition[0][0] + p.transition[0][1] == Approx(1.0));
  // The fit beats the truth on its own data (it is the maximum), but not by
  // much (it is not overfitting noise).
  auto truth_ll = hmm_loglik(truth, x);
  CHECK(fit.loglik >= truth_ll);
  CHECK(fit.loglik - truth_ll < 20);
  // The filtered state at the end is the simulated one.
  CHECK(fit.regime() == std::string{regime_labels[states.back()]});
}

TEST_CASE("labels are stable under a permutation of the initial states") {
  auto x = simulate_hmm(btc_like(), 730, 5);
  auto start = random_start(x, 42, 1);
  em_limits limits;
  auto fit = fit_hmm_from(x, start, limits);
  auto swapped = fit_hmm_from(x, swap_states(start), limits);
  check_same(fit, swapped, 1e-9);
  CHECK(fit.params.variance[0] < fit.params.variance[1]);
  // The calm state of the simulation comes out as low_vol whichever way
  // round it is numbered there.
  auto flipped = swap_states(btc_like());
  auto y = simulate_hmm(flipped, 2000, 6);
  auto fit_y = fit_hmm(y, hmm_options{});
  CHECK(std::sqrt(fit_y.params.variance[0]) == Approx(0.015).epsilon(0.1));
  CHECK(std::sqrt(fit_y.params.variance[1]) == Approx(0.045).epsilon(0.1));
}

TEST_CASE("order_by_variance relabels without changing the model") {
  auto p = swap_states(btc_like());
  REQUIRE(p.variance[0] > p.variance[1]);
  auto q = order_by_variance(p);
  CHECK(q.variance[0] < q.variance[1]);
  auto x = simulate_hmm(btc_like(), 300, 8);
  CHECK(hmm_loglik(q, x) == Approx(hmm_loglik(p, x)).margin(1e-9));
  auto fp = hmm_filtered(p, x);
  auto fq = hmm_filtered(q, x);
  CHECK(fq[0] == Approx(fp[1]).margin(1e-12));
}

TEST_CASE("a fit is deterministic, and more starts never do worse") {
  auto x = simulate_hmm(btc_like(), 365, 9);
  hmm_options one;
  one.restarts = 1;
  hmm_options five;
  five.restarts = 5;
  auto a = fit_hmm(x, five);
  auto b = fit_hmm(x, five);
  check_same(a, b, 0);
  CHECK(a.loglik >= fit_hmm(x, one).loglik);
  hmm_options other_seed = five;
  other_seed.seed = 2;
  CHECK(fit_hmm(x, other_seed).loglik == Approx(a.loglik).margin(1e-3));
}

TEST_CASE("hmm options refuse unusable values") {
  hmm_options o;
  CHECK(o.validate().empty());
  o.restarts = 0;
  CHECK(o.validate().rfind("restarts", 0) == 0);
  o = {};
  o.limits.tolerance = 0;
  CHECK(o.validate().rfind("tolerance", 0) == 0);
  o = {};
  o.limits.max_iterations = 0;
  CHECK(o.validate().rfind("max_iterations", 0) == 0);
}
