// The exchange's ORDERS limits as the binance broker counts them: limits
// from exchangeInfo, counts from X-MBX-ORDER-COUNT-* in fixed windows of the
// exchange's clock, new orders held while a window is full, and the pause a
// -1015 asks for.

#include "actors/broker/binance_limits.hpp"
#include "actors/broker/binance_order_limits.hpp"
#include "runtime/net/http.hpp"
#include "test/unit/broker/http_answer.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::answer;

namespace {

// A day boundary: every window starts here.
const timestamp t0 = timestamp{} + 24h * 20000;

constexpr const char* spot_info
  = R"({"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},)"
    R"({"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":3},)"
    R"({"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":160000},)"
    R"({"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}],"symbols":[]})";

} // namespace

TEST_CASE("order limits: interval suffixes both ways") {
  CHECK(interval_suffix(10s) == "10S");
  CHECK(interval_suffix(1min) == "1M");
  CHECK(interval_suffix(24h) == "1D");
  CHECK(interval_length("10S") == 10s);
  CHECK(interval_length("1m") == 1min);
  CHECK(interval_length("1D") == 24h);
  CHECK(interval_length("D") == timespan{});
  CHECK(interval_length("10X") == timespan{});
}

TEST_CASE("order limits: the ORDERS entries of exchangeInfo, counted until a window is full") {
  order_rate_limits limits;
  REQUIRE(limits.set_limits(spot_info));
  REQUIRE(limits.windows().size() == 2);
  CHECK(limits.windows()[0].interval == "10S");
  CHECK(limits.windows()[0].limit == 3);
  CHECK(limits.windows()[1].interval == "1D");
  auto now = t0 + 2s;
  limits.on_sent(now);
  limits.on_sent(now);
  CHECK(limits.ready_at(now) == now);
  CHECK(limits.full_at(now).empty());
  limits.on_sent(now + 1s);
  // Full until the 10 s window that started at t0 ends.
  CHECK(limits.ready_at(now + 1s) == t0 + 10s);
  CHECK(limits.full_at(now + 1s) == "10S 3/3");
  CHECK(limits.usage() == "10S=3/3 1D=3/160000");
  CHECK(limits.ready_at(t0 + 10s) == t0 + 10s);
  CHECK(limits.full_at(t0 + 10s).empty());
}

TEST_CASE("order limits: the exchange's counts, never below the node's in the same window") {
  order_rate_limits limits;
  limits.set_limits(spot_info);
  limits.on_sent(t0 + 1s);
  limits.on_sent(t0 + 1s);
  // The answer to the first order: the second is not in its count yet.
  limits.on_counts(t0 + 1s, {{"X-MBX-ORDER-COUNT-10S", "1"}});
  CHECK(limits.usage() == "10S=2/3 1D=2/160000");
  // Another client's orders are.
  limits.on_counts(t0 + 1s, {{"x-mbx-order-count-10s", "3"}, {"X-MBX-ORDER-COUNT-1D", "40"}});
  CHECK(limits.ready_at(t0 + 1s) == t0 + 10s);
  CHECK(limits.usage() == "10S=3/3 1D=40/160000");
  // A window the exchange reports without exchangeInfo naming it is counted, never full.
  limits.on_counts(t0 + 11s, {{"X-MBX-ORDER-COUNT-1M", "900"}, {"X-MBX-ORDER-COUNT-10S", "1"}});
  CHECK(limits.ready_at(t0 + 11s) == t0 + 11s);
  CHECK(limits.usage() == "10S=1/3 1M=900 1D=40/160000");
  // Malformed counts change nothing.
  limits.on_counts(t0 + 12s, {{"X-MBX-ORDER-COUNT-10S", "x"}, {"X-MBX-ORDER-COUNT-", "5"}});
  CHECK(limits.usage() == "10S=1/3 1M=900 1D=40/160000");
}

TEST_CASE("order limits: a -1015 holds new orders until the window it names ends") {
  order_rate_limits limits;
  limits.set_limits(spot_info);
  auto until = limits.on_too_many(t0 + 24s, "Too many new orders; current limit is 3 orders per 10 SECOND.");
  CHECK(until == t0 + 31s); // the window's end and a second
  CHECK(limits.ready_at(t0 + 25s) == t0 + 31s);
  CHECK(limits.ready_at(t0 + 31s) == t0 + 31s);
  // A day's limit waits for the next UTC day.
  order_rate_limits day;
  day.set_limits(spot_info);
  CHECK(day.on_too_many(t0 + 5h, "Too many new orders; current limit is 160000 orders per 1 DAY.")
        == t0 + 24h + 1s);
  // Without words it understands: the shortest window.
  order_rate_limits unknown;
  unknown.set_limits(spot_info);
  CHECK(unknown.on_too_many(t0 + 3s, "Too many new orders.") == t0 + 11s);
  order_rate_limits none;
  CHECK(none.on_too_many(t0 + 13s, "") == t0 + 21s);
}

TEST_CASE("limits: a -1015 holds only new orders, a 429 without it pauses everything") {
  binance_limits limits;
  limits.set_limits(spot_info);
  auto now = t0 + 4s;
  limits.on_answer(now, answer(429, {{"X-MBX-USED-WEIGHT-1M", "3"}},
                               R"({"code":-1015,"msg":"Too many new orders; current limit is 3 orders per 10 SECOND."})"));
  CHECK(limits.ready_at(now) == now); // cancels and queries go on
  CHECK(limits.order_ready_at(now) == t0 + 11s);
  CHECK(limits.order_ready_at(t0 + 11s) == t0 + 11s);
  limits.on_answer(now, answer(429, {{"Retry-After", "7"}},
                               R"({"code":-1003,"msg":"Too much request weight used."})"));
  CHECK(limits.ready_at(now) == now + 7s);
}
