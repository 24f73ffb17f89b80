// The binance broker's view of the exchange's limits and its order
// follow-up: weight and order-count headers, the pause a 429/418 asks for,
// fills counted once, polling backoff and the maker fallback.

#include "actors/broker/binance_follow.hpp"
#include "actors/broker/binance_limits.hpp"
#include "runtime/net/http.hpp"
#include "test/unit/broker/http_answer.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::answer;

namespace {

const timestamp t0 = timestamp{} + 1000h;

fill trade(uint64_t id, int64_t units) {
  fill f;
  f.trade_id = id;
  f.quantity = decimal::from_units(units);
  return f;
}

} // namespace

TEST_CASE("limits: weight and order counts from the headers, 429 and 418 pause everything") {
  binance_limits limits;
  CHECK(limits.ready_at(t0) == t0);
  limits.on_answer(t0, answer(200, {{"x-mbx-used-weight-1m", "12"},
                                    {"X-MBX-ORDER-COUNT-10S", "1"},
                                    {"X-MBX-ORDER-COUNT-1D", "3"}}));
  CHECK(limits.usage() == "weight 12/1200 per 1m; orders 10S=1 1D=3");
  limits.on_answer(t0, answer(429, {{"Retry-After", "7"}}));
  CHECK(limits.ready_at(t0 + 1s) == t0 + 7s);
  CHECK(limits.ready_at(t0 + 7s) == t0 + 7s);
  // A 418 ban runs until its Retry-After, longer than the 429's.
  limits.on_answer(t0 + 2s, answer(418, {{"Retry-After", "120"}}));
  CHECK(limits.ready_at(t0 + 60s) == t0 + 122s);
}

TEST_CASE("limits: exchangeInfo's REQUEST_WEIGHT replaces the conservative default") {
  binance_limits limits;
  limits.set_limits(R"({"timezone":"UTC","rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],"symbols":[]})");
  limits.on_answer(t0, answer(200, {{"X-MBX-USED-WEIGHT-1M", "1500"}}));
  CHECK(limits.usage() == "weight 1500/6000 per 1m");
  CHECK(limits.ready_at(t0) == t0);
  CHECK(call_weight("GET", "/api/v3/account") == 20);
  CHECK(call_weight("GET", "/api/v3/order") == 4);
  CHECK(call_weight("POST", "/api/v3/order") == 1);
}

TEST_CASE("follow-up: a trade read twice is counted once") {
  followed_order o;
  auto first = new_fills(o, {trade(1, 100), trade(2, 50)});
  CHECK(first.size() == 2);
  auto again = new_fills(o, {trade(2, 50), trade(3, 25)});
  REQUIRE(again.size() == 1);
  CHECK(again[0].trade_id == 3);
  CHECK(o.filled == decimal::from_units(175));

  order_update reported;
  reported.state = order_state::partially_filled;
  reported.filled_quantity = decimal::from_units(200);
  CHECK(fills_missing(o, reported));
  CHECK(is_news(o, reported));
  o.last = reported;
  CHECK_FALSE(is_news(o, reported));
}

TEST_CASE("follow-up: a triggered algo stop is done once the order it placed filled") {
  followed_order o;
  o.algo = true;
  o.request.quantity = decimal::from_units(1000);
  CHECK_FALSE(triggered_order_done(o));
  new_fills(o, {trade(1, 400)});
  CHECK_FALSE(triggered_order_done(o));
  new_fills(o, {trade(2, 600)});
  CHECK(triggered_order_done(o));
  followed_order close;
  close.algo = true; // close-position: no quantity of its own
  CHECK_FALSE(triggered_order_done(close));
  new_fills(close, {trade(3, 1)});
  CHECK(triggered_order_done(close));
}

TEST_CASE("follow-up: polling backs off while nothing changes, restarts on a change") {
  binance_config cfg;
  cfg.poll_initial = 1s;
  cfg.poll_max = 5s;
  followed_order o;
  schedule_poll(o, t0, cfg, false);
  CHECK(o.next_poll == t0 + 1s);
  schedule_poll(o, t0, cfg, false);
  CHECK(o.next_poll == t0 + 2s);
  schedule_poll(o, t0, cfg, false);
  schedule_poll(o, t0, cfg, false);
  CHECK(o.next_poll == t0 + 5s); // capped
  CHECK_FALSE(poll_due(o, t0 + 4s));
  CHECK(poll_due(o, t0 + 5s));
  schedule_poll(o, t0, cfg, true);
  CHECK(o.next_poll == t0 + 1s);
}

TEST_CASE("follow-up: a maker entry falls back after the timeout, never when it is 0") {
  binance_config cfg;
  cfg.maker_fallback = 30s;
  followed_order o;
  o.request.type = order_type::limit_maker;
  o.request.quantity = decimal::from_units(1000);
  o.last.state = order_state::partially_filled;
  o.last.filled_quantity = decimal::from_units(400);
  o.resting_since = t0;
  CHECK_FALSE(fallback_due(o, t0 + 29s, cfg));
  CHECK(fallback_due(o, t0 + 30s, cfg));
  CHECK(remaining(o) == decimal::from_units(600));
  o.fallback_started = true;
  CHECK_FALSE(fallback_due(o, t0 + 31s, cfg));
  o.fallback_started = false;
  cfg.maker_fallback = timespan{};
  CHECK_FALSE(fallback_due(o, t0 + 1h, cfg));
  cfg.maker_fallback = 30s;
  o.request.type = order_type::limit;
  CHECK_FALSE(fallback_due(o, t0 + 1h, cfg));
}
