// The regime detector actor. Its fits run in detached actors, which CAF's
// test scheduler does not drive: these tests use a real actor system and
// wait for answers with generous deadlines. REST is a fake serving the
// real BTCUSDT daily closes from ../shared/data.

#include "actors/learner/learner_actor.hpp"
#include "actors/regime/daily_series.hpp"
#include "actors/regime/hmm_fit.hpp"
#include "actors/regime/kline_file.hpp"
#include "actors/regime/regime_actor.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/regime.hpp"
#include "messages/register.hpp"
#include "test/unit/market_actors/recording_sink.hpp"
#include "test/unit/threaded_system.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <thread>

using namespace tn;
using namespace std::chrono_literals;

namespace {


const std::string btc_daily = std::string{TN_SHARED_DATA} + "/spot/klines_1d/"
                              + "BTCUSDT-1d-2021-12-07_2024-09-01.api-v3-klines.json";

timestamp day(int y, unsigned m, unsigned d) {
  // Days from the civil date (Howard Hinnant's algorithm).
  y -= m <= 2;
  auto era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  auto doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  auto doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return timestamp{std::chrono::hours{24 * (era * 146097 + static_cast<int>(doe) - 719468)}};
}

/// A daily klines source serving a fixed map of closes; the first
/// `failures` calls fail with HTTP 503. Called on the actor's thread,
/// read on the test's.
class fake_rest {
public:
  explicit fake_rest(std::map<timestamp, double> closes, int failures = 0)
    : closes_(std::move(closes)), failures_(failures) {
  }

  daily_fetch fetch() {
    return [this](const bar_request& req, std::function<void(klines_result)> done) {
      klines_result res;
      {
        std::lock_guard<std::mutex> guard{mtx_};
        requests_.push_back(req);
        if (failures_ > 0) {
          --failures_;
          res.error = "HTTP 503: busy";
        } else {
          for (auto i = closes_.lower_bound(req.first); i != closes_.end() && i->first <= req.last;
               ++i) {
            candle c;
            c.symbol = req.symbol;
            c.span = interval::d1;
            c.open_time = i->first;
            c.open = c.high = c.low = c.close = i->second;
            c.closed = true;
            res.bars.push_back(c);
          }
        }
      }
      done(std::move(res));
    };
  }

  std::vector<bar_request> requests() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return requests_;
  }

private:
  mutable std::mutex mtx_;
  std::map<timestamp, double> closes_;
  int failures_;
  std::vector<bar_request> requests_;
};

std::map<timestamp, double> real_closes() {
  daily_file f;
  std::string error;
  REQUIRE(read_daily_klines(btc_daily, f, error));
  std::map<timestamp, double> out;
  for (auto& c : f.closes)
    out[c.day] = c.close;
  return out;
}

/// The newest `n` returns of `closes` up to and including `last`.
std::vector<double> returns_through(const std::map<timestamp, double>& closes, timestamp last,
                                    size_t n) {
  std::vector<daily_close> xs;
  for (auto& [d, c] : closes)
    if (d <= last)
      xs.push_back({d, c});
  return newest_log_returns(xs, n);
}

/// The 1m bar of `symbol` opening at `open` with close `close`, closed.
candle minute(const std::string& symbol, timestamp open, double close) {
  candle c;
  c.symbol = symbol;
  c.span = interval::m1;
  c.open_time = open;
  c.open = c.high = c.low = c.close = close;
  c.closed = true;
  return c;
}

struct fixture : test::threaded_system {
  test::received_events events = std::make_shared<std::vector<event>>();
  event_log_actor log;

  fixture() : threaded_system(1) {
    log = keep(sys.spawn(test::record_events, events));
  }

  regime_detector_actor start(regime_config rc, fake_rest& rest) {
    backoff_policy retry{10s, 1min, 0.0};
    auto hdl = keep(spawn_regime_detector(sys, std::move(rc), rest.fetch(), retry, 1));
    self->send(hdl, atom::announce_v, std::string{"event_log"},
               caf::actor_cast<caf::strong_actor_ptr>(log));
    return hdl;
  }

  regime_status status(const regime_detector_actor& hdl) {
    return ask<regime_status>(hdl, atom::regime_v);
  }

  /// Polls the detector until `pred` holds (a background fit ends), bounded.
  template <class Pred>
  regime_status wait_until(const regime_detector_actor& hdl, Pred pred) {
    regime_status st;
    eventually([&] {
      st = status(hdl);
      return pred(st);
    });
    return st;
  }

  std::vector<event> published() {
    return ask<std::vector<event>>(log, atom::events_v, std::string{});
  }
};

/// After the close of 2024-08-31 plus the fetch grace.
const timestamp start_time = day(2024, 9, 1) + 5min;

} // namespace

TEST_CASE_METHOD(fixture, "the detector warms up over REST, fits in the background and answers "
                          "with the fitted regime") {
  auto closes = real_closes();
  fake_rest rest{closes};
  auto hdl = start(regime_config{}, rest);
  auto before = status(hdl);
  CHECK(before.regime == "unknown");
  CHECK(before.note == "warming up: 0 of 60 daily returns");
  self->send(hdl, atom::time_v, start_time);
  auto st = wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  auto reqs = rest.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].symbol == "BTCUSDT");
  CHECK(reqs[0].span == interval::d1);
  CHECK(reqs[0].first == day(2023, 9, 1)); // the close before the first of 365 returns
  CHECK(reqs[0].last == day(2024, 8, 31));
  CHECK(st.days == 366);
  CHECK(st.returns == 365);
  CHECK(st.last_close == day(2024, 8, 31));
  CHECK(st.fitted_through == day(2024, 8, 31));
  CHECK_FALSE(st.fitting);
  CHECK(st.note.empty());
  // The same fit as the model's own code on the same returns.
  auto fit = fit_hmm(returns_through(closes, day(2024, 8, 31), 365), hmm_options{});
  CHECK(st.model.observations == 365);
  CHECK(st.model.loglik == Approx(fit.loglik).margin(1e-9));
  CHECK(st.model.iterations == fit.iterations);
  REQUIRE(st.model.variances.size() == 2);
  CHECK(st.model.variances[0] < st.model.variances[1]);
  CHECK(st.p_high_vol == Approx(fit.filtered_last[1]).margin(1e-12));
  CHECK(st.p_low_vol + st.p_high_vol == Approx(1.0));
  CHECK(st.regime == fit.regime());
  auto evs = published();
  REQUIRE(evs.size() == 1);
  CHECK(evs[0].topic == "regime");
  CHECK(evs[0].text.rfind("fitted 365 daily returns of BTCUSDT to 2024-08-31: " + st.regime, 0)
        == 0);
  // The service's status for the console and the progress line.
  auto report = ask<status_report>(hdl, atom::status_v);
  CHECK(report.service == "regime_detector");
  CHECK(report.counters.at("fits") == 1);
  CHECK(report.counters.at("history_bars") == 366);
  CHECK(report.facts.at("regime") == st.regime);
}

TEST_CASE_METHOD(fixture, "the 1m bar that ends a day filters the regime again, and no other bar "
                          "does") {
  auto closes = real_closes();
  fake_rest rest{closes};
  auto hdl = start(regime_config{}, rest);
  self->send(hdl, atom::time_v, start_time);
  auto fitted = wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  tick_batch other;
  other.closed = {minute("ETHUSDT", day(2024, 9, 1) + 23h + 59min, 2425.72),
                  minute("BTCUSDT", day(2024, 9, 1) + 23h + 58min, 57400)};
  self->send(hdl, other);
  auto unchanged = status(hdl);
  CHECK(unchanged.last_close == day(2024, 8, 31));
  CHECK(unchanged.p_high_vol == fitted.p_high_vol);
  // 2024-09-01's final close (the shared file caught that bar still open).
  tick_batch end_of_day;
  end_of_day.closed = {minute("BTCUSDT", day(2024, 9, 1) + 23h + 59min, 57301.86)};
  self->send(hdl, end_of_day);
  auto st = status(hdl);
  CHECK(st.last_close == day(2024, 9, 1));
  CHECK(st.returns == 365);
  CHECK(st.fits == 1);
  CHECK_FALSE(st.fitting); // the next fit is due a week after the last
  closes[day(2024, 9, 1)] = 57301.86;
  auto params = order_by_variance(
    fit_hmm(returns_through(closes, day(2024, 8, 31), 365), hmm_options{}).params);
  auto expected = hmm_filtered(params, returns_through(closes, day(2024, 9, 1), 365));
  CHECK(st.p_high_vol == Approx(expected[1]).margin(1e-12));
  CHECK(st.regime == (expected[1] > expected[0] ? "high_vol" : "low_vol"));
  // The stream delivered the day: nothing is fetched for it.
  self->send(hdl, atom::time_v, day(2024, 9, 2) + 10min);
  CHECK(status(hdl).last_close == day(2024, 9, 1));
  CHECK(rest.requests().size() == 1);
  auto evs = published();
  REQUIRE(evs.size() == 2);
  CHECK(evs[1].text.rfind("BTCUSDT closed 2024-09-01: " + st.regime, 0) == 0);
  CHECK(ask<status_report>(hdl, atom::status_v).counters.at("stream_closes") == 1);
}

TEST_CASE_METHOD(fixture, "the detector refits once refit_every has passed in event time") {
  auto closes = real_closes();
  fake_rest rest{closes};
  regime_config rc;
  rc.refit_every = 48h;
  auto hdl = start(rc, rest);
  self->send(hdl, atom::time_v, start_time);
  wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  tick_batch first;
  first.closed = {minute("BTCUSDT", day(2024, 9, 1) + 23h + 59min, 57301.86)};
  self->send(hdl, first);
  auto one_day = status(hdl);
  CHECK(one_day.fits == 1);
  CHECK_FALSE(one_day.fitting);
  tick_batch second;
  second.closed = {minute("BTCUSDT", day(2024, 9, 2) + 23h + 59min, 59132.13)};
  self->send(hdl, second);
  auto st = wait_until(hdl, [](const regime_status& s) { return s.fits == 2; });
  CHECK(st.fitted_through == day(2024, 9, 2));
  CHECK(st.model.observations == 365);
  closes[day(2024, 9, 1)] = 57301.86;
  closes[day(2024, 9, 2)] = 59132.13;
  auto fit = fit_hmm(returns_through(closes, day(2024, 9, 2), 365), hmm_options{});
  CHECK(st.model.loglik == Approx(fit.loglik).margin(1e-9));
  CHECK(st.p_high_vol == Approx(fit.filtered_last[1]).margin(1e-12));
}

TEST_CASE_METHOD(fixture, "a failed fetch is retried after its backoff in event time, and a day "
                          "the stream missed is fetched") {
  auto closes = real_closes();
  closes[day(2024, 9, 1)] = 57301.86;
  fake_rest rest{closes, 1};
  auto hdl = start(regime_config{}, rest);
  self->send(hdl, atom::time_v, start_time);
  auto failed = wait_until(hdl, [](const regime_status& s) { return s.fits == 0 && !s.note.empty()
                                                                   && s.note[0] == 'd'; });
  CHECK(failed.note == "daily klines failed: HTTP 503: busy");
  CHECK(rest.requests().size() == 1);
  // The backoff starts at 10 s of event time.
  self->send(hdl, atom::time_v, start_time + 9s);
  CHECK(status(hdl).days == 0);
  CHECK(rest.requests().size() == 1);
  self->send(hdl, atom::time_v, start_time + 10s);
  auto st = wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  CHECK(rest.requests().size() == 2);
  CHECK(st.note.empty());
  // No closing 1m bar for 2024-09-01: once the grace is over it is fetched.
  self->send(hdl, atom::time_v, day(2024, 9, 2) + 1min);
  CHECK(status(hdl).last_close == day(2024, 8, 31));
  CHECK(rest.requests().size() == 2);
  self->send(hdl, atom::time_v, day(2024, 9, 2) + 2min);
  auto after = wait_until(hdl,
                          [](const regime_status& s) { return s.last_close == day(2024, 9, 1); });
  auto reqs = rest.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[2].first == day(2024, 9, 1));
  CHECK(reqs[2].last == day(2024, 9, 1));
  CHECK(after.last_close == day(2024, 9, 1));
  auto report = ask<status_report>(hdl, atom::status_v);
  CHECK(report.counters.at("history_errors") == 1);
  auto evs = published();
  REQUIRE(!evs.empty());
  CHECK(evs[0].level == severity::warning);
  CHECK(evs[0].text == "daily klines of BTCUSDT failed: HTTP 503: busy; retry in 10000 ms");
}

TEST_CASE_METHOD(fixture, "with too little history the detector waits and does not ask again") {
  // A symbol listed 30 days before: the exchange serves 30 closes.
  std::map<timestamp, double> closes;
  auto real = real_closes();
  for (auto i = real.lower_bound(day(2024, 8, 2)); i != real.end(); ++i)
    closes.insert(*i);
  REQUIRE(closes.size() == 30);
  fake_rest rest{closes};
  auto hdl = start(regime_config{}, rest);
  self->send(hdl, atom::time_v, start_time);
  auto st = wait_until(hdl, [](const regime_status& s) { return s.days > 0; });
  self->send(hdl, atom::time_v, start_time + 1h);
  st = status(hdl);
  CHECK(st.days == 30);
  CHECK(st.returns == 29);
  CHECK(st.regime == "unknown");
  CHECK(st.fits == 0);
  CHECK_FALSE(st.fitting);
  CHECK(st.note == "warming up: 29 of 60 daily returns");
  CHECK(rest.requests().size() == 1);
}

TEST_CASE_METHOD(fixture, "the learner hears the regime after each change, and a new learner "
                          "hears it at once") {
  auto closes = real_closes();
  fake_rest rest{closes};
  auto hdl = start(regime_config{}, rest);
  auto learner = spawn_learner(sys, learner_config{}, 1);
  spawned.push_back(caf::actor_cast<caf::actor>(learner));
  self->send(hdl, atom::announce_v, std::string{"learner"},
             caf::actor_cast<caf::strong_actor_ptr>(learner));
  auto learner_regime = [&](const learner_actor& l, const std::string& want) {
    auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      auto w = ask<learner_weights>(l, atom::weights_v);
      if (w.regime == want || std::chrono::steady_clock::now() >= until)
        return w.regime;
      std::this_thread::sleep_for(10ms);
    }
  };
  // Before the first fit: unknown.
  CHECK(learner_regime(learner, "unknown_unknown") == "unknown_unknown");
  self->send(hdl, atom::time_v, start_time);
  auto st = wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  REQUIRE((st.regime == "low_vol" || st.regime == "high_vol"));
  CHECK(learner_regime(learner, st.regime + "_unknown") == st.regime + "_unknown");
  // A restarted learner knows nothing: the detector tells it again.
  auto fresh = spawn_learner(sys, learner_config{}, 2);
  spawned.push_back(caf::actor_cast<caf::actor>(fresh));
  self->send(hdl, atom::announce_v, std::string{"learner"},
             caf::actor_cast<caf::strong_actor_ptr>(fresh));
  CHECK(learner_regime(fresh, st.regime + "_unknown") == st.regime + "_unknown");
}

TEST_CASE_METHOD(fixture, "repeated fetch failures: the first of the hour is said, the rest "
                          "summed up when the hour ends") {
  auto closes = real_closes();
  closes[day(2024, 9, 1)] = 57301.86;
  fake_rest rest{closes, 4};
  auto hdl = start(regime_config{}, rest);
  // Fails at once, then after 10, 20 and 40 s of backoff; the fifth, 60 s
  // later, works. Time moves on only once each failure is back.
  auto errors = [&] {
    return ask<status_report>(hdl, atom::status_v).counters.at("history_errors");
  };
  auto t = start_time;
  self->send(hdl, atom::time_v, t);
  int64_t failed = 0;
  for (auto wait : {10s, 20s, 40s, 60s}) {
    ++failed;
    auto until = std::chrono::steady_clock::now() + deadline;
    while (errors() < failed && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    REQUIRE(errors() == failed);
    t += wait;
    self->send(hdl, atom::time_v, t);
    until = std::chrono::steady_clock::now() + deadline;
    while (rest.requests().size() < static_cast<size_t>(failed) + 1
           && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    REQUIRE(rest.requests().size() == static_cast<size_t>(failed) + 1);
  }
  wait_until(hdl, [](const regime_status& s) { return s.fits == 1; });
  CHECK(ask<status_report>(hdl, atom::status_v).counters.at("history_errors") == 4);
  auto warnings = [&] {
    std::vector<std::string> out;
    for (auto& e : published())
      if (e.level == severity::warning)
        out.push_back(e.text);
    return out;
  };
  auto first = warnings();
  REQUIRE(first.size() == 1);
  CHECK(first[0] == "daily klines of BTCUSDT failed: HTTP 503: busy; retry in 10000 ms");
  // The hour after the first failure ends: one line for the other three.
  self->send(hdl, atom::time_v, start_time + 1h);
  auto until = std::chrono::steady_clock::now() + deadline;
  while (warnings().size() < 2 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  auto all = warnings();
  REQUIRE(all.size() == 2);
  CHECK(all[1] == "daily klines of BTCUSDT failed x4 in 3600 s: HTTP 503: busy; retry in 60000 ms");
}
