// The detector's bookkeeping without actors: which days it fetches and
// when, what it keeps, when it fits.

#include "actors/regime/regime_tracker.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp day0 = timestamp{} + 24h * 19900; // 2024-06-27

timestamp day(int n) {
  return day0 + 24h * n;
}

std::vector<candle> daily(int first, int last) {
  std::vector<candle> out;
  for (int d = first; d <= last; ++d) {
    candle c;
    c.symbol = "BTCUSDT";
    c.span = interval::d1;
    c.open_time = day(d);
    c.close = 100 * std::exp(0.01 * std::sin(d) + 0.02 * std::cos(3.0 * d));
    c.closed = true;
    out.push_back(c);
  }
  return out;
}

candle day_end(int d, double close, const std::string& symbol = "BTCUSDT") {
  candle c;
  c.symbol = symbol;
  c.span = interval::m1;
  c.open_time = day(d) + 24h - 1min;
  c.close = close;
  c.closed = true;
  return c;
}

regime_config small() {
  regime_config cfg;
  cfg.days = 20;
  cfg.min_days = 10;
  cfg.refit_every = 48h;
  return cfg;
}

} // namespace

TEST_CASE("the tracker fetches the window once the grace after the day's end has passed") {
  regime_tracker t{small()};
  auto early = t.fetch_due(day(30) + fetch_grace - 1s);
  REQUIRE(early);
  CHECK(early->last == day(28)); // day 29's close is not due yet
  regime_tracker u{small()};
  auto req = u.fetch_due(day(30) + fetch_grace);
  REQUIRE(req);
  CHECK(req->first == day(9));
  CHECK(req->last == day(29));
  CHECK(req->count() == 21);
  // One fetch at a time.
  CHECK_FALSE(u.fetch_due(day(30) + 1h));
  CHECK(u.on_history(daily(9, 29)));
  CHECK(u.status().days == 21);
  CHECK(u.status().returns == 20);
  CHECK_FALSE(u.fetch_due(day(30) + 2h));
}

TEST_CASE("a day closed by the stream is neither fetched nor trimmed and fetched again") {
  regime_tracker t{small()};
  REQUIRE(t.fetch_due(day(30) + 5min));
  t.on_history(daily(9, 29));
  // Day 30 ends; its closing minute arrives before the grace is over.
  CHECK(t.on_closed(day_end(30, 101)));
  CHECK(t.status().last_close == day(30));
  CHECK(t.status().days == 21); // day 9 left the window
  CHECK_FALSE(t.fetch_due(day(31)));
  CHECK_FALSE(t.fetch_due(day(31) + 10min));
  // Other symbols and other minutes close nothing; a repeat adds nothing.
  CHECK_FALSE(t.on_closed(day_end(31, 99, "ETHUSDT")));
  auto early = day_end(31, 99);
  early.open_time -= 1min;
  CHECK_FALSE(t.on_closed(early));
  CHECK_FALSE(t.on_closed(day_end(30, 101)));
}

TEST_CASE("a missed day is fetched alone, and days the exchange lacks are not asked again") {
  regime_tracker t{small()};
  REQUIRE(t.fetch_due(day(30) + 5min));
  // The exchange has only days 20 to 29.
  t.on_history(daily(20, 29));
  CHECK(t.status().days == 10);
  CHECK(t.status().note == "warming up: 9 of 10 daily returns");
  CHECK_FALSE(t.fetch_due(day(30) + 1h));
  // Day 30's close never came from the stream.
  auto req = t.fetch_due(day(31) + fetch_grace);
  REQUIRE(req);
  CHECK(req->first == day(30));
  CHECK(req->last == day(30));
  t.on_history_failed("HTTP 503", day(31) + 10min);
  CHECK(t.status().note == "daily klines failed: HTTP 503");
  CHECK_FALSE(t.fetch_due(day(31) + 9min));
  REQUIRE(t.fetch_due(day(31) + 10min));
  t.on_history(daily(30, 30));
  CHECK(t.status().days == 11);
  CHECK(t.fit_due());
}

TEST_CASE("fits fall due at min_days and then every refit_every of event time") {
  regime_tracker t{small()};
  REQUIRE(t.fetch_due(day(30) + 5min));
  t.on_history(daily(9, 29));
  REQUIRE(t.fit_due());
  auto x = t.start_fit();
  CHECK(x.size() == 20);
  CHECK(t.status().fitting);
  CHECK_FALSE(t.fit_due());
  t.on_fit(to_regime_model(fit_hmm(x, hmm_options{})));
  CHECK(t.status().fits == 1);
  CHECK(t.status().fitted_through == day(29));
  CHECK(t.status().regime != "unknown");
  CHECK(t.status().note.empty());
  CHECK(t.status().p_low_vol + t.status().p_high_vol == Approx(1.0));
  t.on_closed(day_end(30, 101));
  CHECK_FALSE(t.fit_due());
  t.on_closed(day_end(31, 99));
  CHECK(t.fit_due());
}

TEST_CASE("the model converts to its message and back unchanged") {
  hmm_fit fit;
  fit.params.initial = {0.3, 0.7};
  fit.params.transition = {{{0.9, 0.1}, {0.2, 0.8}}};
  fit.params.mean = {0.001, -0.002};
  fit.params.variance = {0.0002, 0.002};
  fit.loglik = 12.5;
  fit.iterations = 7;
  fit.converged = true;
  fit.observations = 30;
  auto m = to_regime_model(fit);
  CHECK(m.transition == std::vector<double>{0.9, 0.1, 0.2, 0.8});
  auto p = to_hmm_params(m);
  CHECK(p.transition[1][0] == 0.2);
  CHECK(p.initial[1] == 0.7);
  CHECK(p.mean[1] == -0.002);
  CHECK(p.variance[1] == 0.002);
}
