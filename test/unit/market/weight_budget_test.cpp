#include "actors/market_listener/weight_budget.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1752364800000); // a minute boundary

weight_budget budget_of(int64_t limit, timespan window) {
  weight_budget b;
  b.set_limit({limit, window});
  return b;
}

} // namespace

TEST_CASE("the REQUEST_WEIGHT limit is read from exchangeInfo's rateLimits") {
  weight_limit limit;
  REQUIRE(parse_weight_limit(
    R"({"timezone":"UTC","rateLimits":[{"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000},)"
    R"({"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],"symbols":[]})",
    limit));
  CHECK(limit.limit == 6000);
  CHECK(limit.window == 1min);
  REQUIRE(parse_weight_limit(
    R"({"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"SECOND","intervalNum":10,"limit":300}]})",
    limit));
  CHECK(limit.window == 10s);
  CHECK_FALSE(parse_weight_limit(R"({"rateLimits":[]})", limit));
  CHECK_FALSE(parse_weight_limit("not json", limit));
  CHECK(used_weight_header(1min) == "X-MBX-USED-WEIGHT-1M");
  CHECK(used_weight_header(10s) == "X-MBX-USED-WEIGHT-10S");
}

TEST_CASE("requests wait for the next window rather than go over the limit") {
  auto b = budget_of(100, 1min);
  auto now = t0 + 10s;
  for (int i = 0; i < 9; ++i) {
    REQUIRE(b.ready_at(now, 10) == now);
    b.on_sent(now, 10);
  }
  // 90 of 100 used: the margin keeps the rest for clock skew.
  CHECK(b.ready_at(now, 10) == t0 + 1min);
  CHECK(b.ready_at(t0 + 1min, 10) == t0 + 1min);
}

TEST_CASE("the weight the exchange reports replaces the local estimate") {
  auto b = budget_of(100, 1min);
  b.on_sent(t0, 2);
  b.on_answer(t0 + 1s, int64_t{95}, 200, {}, std::nullopt); // another client used it
  CHECK(b.ready_at(t0 + 1s, 2) == t0 + 1min);
}

TEST_CASE("a 429 pauses every request for its Retry-After") {
  auto b = budget_of(6000, 1min);
  b.on_answer(t0 + 10s, int64_t{10}, 429, 5s, std::nullopt);
  CHECK(b.ready_at(t0 + 11s, 1) == t0 + 15s);
  CHECK(b.ready_at(t0 + 15s, 1) == t0 + 15s);
}

TEST_CASE("a 418 ban is honoured until the time it states, whatever Retry-After says") {
  auto body = std::string{R"({"code":-1003,"msg":"Way too much request weight used; IP banned until )"}
              + std::to_string(to_unix_ms(t0 + 2min))
              + R"(. Please use WebSocket Streams for live updates to avoid bans."})";
  auto until = banned_until(body);
  REQUIRE(until);
  CHECK(*until == t0 + 2min);
  CHECK_FALSE(banned_until(R"({"code":-1003,"msg":"Too much request weight used"})"));
  auto b = budget_of(6000, 1min);
  b.on_answer(t0, std::nullopt, 418, 1s, until);
  CHECK(b.ready_at(t0 + 1s, 1) == t0 + 2min);
}
