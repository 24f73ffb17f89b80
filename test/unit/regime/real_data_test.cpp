// The model on real BTCUSDT daily closes (../shared/data): a sane fit of
// the last 365 days, and the same fit through `tradenode regime`'s logic.
// [real] prints the fitted figures.

#include "actors/regime/hmm_fit.hpp"
#include "actors/regime/kline_file.hpp"
#include "actors/regime/regime_cli.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cmath>
#include <iostream>
#include <sstream>

using namespace tn;

namespace {

const std::string btc_daily = std::string{TN_SHARED_DATA} + "/spot/klines_1d/"
                              + "BTCUSDT-1d-2021-12-07_2024-09-01.api-v3-klines.json";

std::vector<double> last_returns(size_t n) {
  daily_file f;
  std::string error;
  REQUIRE(read_daily_klines(btc_daily, f, error));
  return newest_log_returns(f.closes, n);
}

} // namespace

TEST_CASE("the shared BTCUSDT daily file reads as 999 closed days", "[real]") {
  daily_file f;
  std::string error;
  REQUIRE(read_daily_klines(btc_daily, f, error));
  CHECK(f.dropped_last); // 2024-09-01 was still open when captured
  CHECK(f.closes.size() == 999);
  CHECK(to_unix_ms(f.closes.front().day) == 1638835200000); // 2021-12-07
  CHECK(to_unix_ms(f.closes.back().day) == 1725062400000);  // 2024-08-31
  CHECK(newest_log_returns(f.closes).size() == 998);
}

TEST_CASE("a year of real BTCUSDT daily returns gives a sane two-regime fit", "[real]") {
  auto x = last_returns(365);
  REQUIRE(x.size() == 365);
  auto fit = fit_hmm(x, hmm_options{});
  auto& p = fit.params;
  std::cout << "[real] BTCUSDT 365 d to 2024-08-31: loglik " << fit.loglik << ", "
            << fit.iterations << " iterations, sd " << std::sqrt(p.variance[0]) << " / "
            << std::sqrt(p.variance[1]) << ", mean " << p.mean[0] << " / " << p.mean[1]
            << ", stay " << p.transition[0][0] << " / " << p.transition[1][1] << ", P(high_vol) "
            << fit.filtered_last[1] << " -> " << fit.regime() << std::endl;
  CHECK(fit.converged);
  CHECK(std::isfinite(fit.loglik));
  // Better than one Gaussian for the whole year, which a two-state model
  // contains (both states equal).
  double mean = 0;
  for (auto v : x)
    mean += v;
  mean /= x.size();
  double var = 0;
  for (auto v : x)
    var += (v - mean) * (v - mean);
  var /= x.size();
  auto one_gaussian = -0.5 * x.size() * (std::log(2 * M_PI * var) + 1);
  CHECK(fit.loglik > one_gaussian);
  // Daily volatility of BTC: between 0.5% and 10% in either state, the
  // states distinct, and each persistent (regimes last more than a day).
  for (auto v : p.variance) {
    CHECK(std::sqrt(v) > 0.005);
    CHECK(std::sqrt(v) < 0.10);
  }
  CHECK(p.variance[1] > 1.5 * p.variance[0]);
  CHECK(p.transition[0][0] > 0.5);
  CHECK(p.transition[1][1] > 0.5);
  // Mean daily returns are small against the volatility.
  CHECK(std::abs(p.mean[0]) < 0.01);
  CHECK(std::abs(p.mean[1]) < 0.02);
  CHECK(fit.filtered_last[0] + fit.filtered_last[1] == Approx(1.0));
}

TEST_CASE("every 365-day window of the real file fits with low_vol below high_vol", "[real]") {
  daily_file f;
  std::string error;
  REQUIRE(read_daily_klines(btc_daily, f, error));
  auto all = newest_log_returns(f.closes);
  for (size_t end = 365; end <= all.size(); end += 90) {
    std::vector<double> window(all.begin() + (end - 365), all.begin() + end);
    auto fit = fit_hmm(window, hmm_options{});
    INFO("window ending at return " << end);
    CHECK(fit.params.variance[0] < fit.params.variance[1]);
    CHECK(std::isfinite(fit.loglik));
    CHECK(fit.iterations >= 1);
  }
}

TEST_CASE("the regime subcommand prints one JSON object for the real file", "[real]") {
  std::ostringstream out;
  std::ostringstream err;
  REQUIRE(run_regime_command({"--data", btc_daily, "--last", "365"}, out, err) == 0);
  CHECK(err.str().empty());
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  REQUIRE(parser.parse(out.str()).get_object().get(root) == simdjson::SUCCESS);
  auto fit = fit_hmm(last_returns(365), hmm_options{});
  double loglik = 0;
  REQUIRE(root["loglik"].get(loglik) == simdjson::SUCCESS);
  CHECK(loglik == Approx(fit.loglik).margin(1e-9));
  int64_t iterations = 0;
  REQUIRE(root["iterations"].get(iterations) == simdjson::SUCCESS);
  CHECK(iterations == fit.iterations);
  int64_t observations = 0;
  REQUIRE(root["observations"].get(observations) == simdjson::SUCCESS);
  CHECK(observations == 365);
  std::string_view from;
  std::string_view to;
  REQUIRE(root["from"].get(from) == simdjson::SUCCESS);
  REQUIRE(root["to"].get(to) == simdjson::SUCCESS);
  CHECK(from == "2023-09-01"); // the close before the first of 365 returns
  CHECK(to == "2024-08-31");
  simdjson::dom::array variances;
  REQUIRE(root["variances"].get(variances) == simdjson::SUCCESS);
  REQUIRE(variances.size() == 2);
  CHECK(double(variances.at(0)) == Approx(fit.params.variance[0]).margin(1e-15));
  CHECK(double(variances.at(0)) < double(variances.at(1)));
  simdjson::dom::array matrix;
  REQUIRE(root["transition_matrix"].get(matrix) == simdjson::SUCCESS);
  REQUIRE(matrix.size() == 2);
  for (auto row : matrix) {
    simdjson::dom::array r;
    REQUIRE(row.get(r) == simdjson::SUCCESS);
    CHECK(double(r.at(0)) + double(r.at(1)) == Approx(1.0));
  }
  double low = 0;
  double high = 0;
  REQUIRE(root["filtered_last"]["low_vol"].get(low) == simdjson::SUCCESS);
  REQUIRE(root["filtered_last"]["high_vol"].get(high) == simdjson::SUCCESS);
  CHECK(low + high == Approx(1.0));
  std::string_view regime;
  REQUIRE(root["regime"].get(regime) == simdjson::SUCCESS);
  CHECK(regime == fit.regime());
  CHECK(regime == (high > low ? "high_vol" : "low_vol"));
}
