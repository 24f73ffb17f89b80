#include "actors/gate/rolling_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <deque>
#include <random>

using namespace tn;

namespace {

struct naive {
  double mean = 0;
  double sd = 0;
};

naive exact(const std::deque<double>& xs) {
  naive r;
  for (auto x : xs)
    r.mean += x;
  r.mean /= static_cast<double>(xs.size());
  double m2 = 0;
  for (auto x : xs)
    m2 += (x - r.mean) * (x - r.mean);
  r.sd = xs.size() < 2 ? 0 : std::sqrt(m2 / static_cast<double>(xs.size() - 1));
  return r;
}

} // namespace

TEST_CASE("rolling stats track the exact window mean and deviation") {
  // Large offsets with small spread (volumes of cheap coins) are where
  // running sums of squares lose every digit; the window must still agree
  // with a two-pass result, to a millionth of the spread (3).
  auto offset = GENERATE(0.0, 1e6, 1e10);
  auto window = GENERATE(size_t{2}, size_t{7}, size_t{240});
  rolling_stats stats{window};
  std::deque<double> ref;
  std::mt19937 rng{42};
  std::normal_distribution<double> dist{offset, 3.0};
  for (int i = 0; i < 5000; ++i) {
    auto x = dist(rng);
    stats.push(x);
    ref.push_back(x);
    if (ref.size() > window)
      ref.pop_front();
    REQUIRE(stats.size() == ref.size());
    auto want = exact(ref);
    REQUIRE(stats.mean() == Approx(want.mean).epsilon(1e-12).margin(1e-9));
    REQUIRE(stats.stddev() == Approx(want.sd).epsilon(1e-6).margin(1e-6));
  }
}

TEST_CASE("a z-score is distance from the window mean in deviations") {
  rolling_stats stats{4};
  CHECK(stats.stddev() == 0);
  CHECK(stats.z(5) == 0); // no spread yet: no score
  for (double x : {1.0, 2.0, 3.0, 4.0})
    stats.push(x);
  CHECK(stats.mean() == Approx(2.5));
  CHECK(stats.stddev() == Approx(std::sqrt(5.0 / 3.0)));
  CHECK(stats.z(2.5) == Approx(0));
  CHECK(stats.z(2.5 + 2 * std::sqrt(5.0 / 3.0)) == Approx(2));
  stats.push(100); // 1 leaves the window
  CHECK(stats.mean() == Approx((2.0 + 3 + 4 + 100) / 4));
  CHECK(stats.size() == 4);
}
