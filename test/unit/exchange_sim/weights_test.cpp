#include "tools/exchange-sim/weights.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace tn::sim;

namespace {

constexpr int64_t t0 = 1'752'364'800'000; // a minute boundary

std::string header(const http_reply& r, const std::string& name) {
  auto it = std::find_if(r.headers.begin(), r.headers.end(),
                         [&](const auto& h) { return h.first == name; });
  return it == r.headers.end() ? "" : it->second;
}

} // namespace

TEST_CASE("requests count their weight, and over the limit they get 429 until the window ends") {
  request_weights w{{10, 60}};
  CHECK(request_weight("/api/v3/klines?symbol=BTCUSDT&interval=1m") == 2);
  CHECK(request_weight("/api/v3/exchangeInfo?symbol=BTCUSDT") == 20);
  for (int i = 0; i < 5; ++i)
    CHECK_FALSE(w.admit(t0 + 1000, 2));
  http_reply ok;
  w.stamp(ok);
  CHECK(header(ok, "X-MBX-USED-WEIGHT-1M") == "10");
  auto over = w.admit(t0 + 15'000, 2);
  REQUIRE(over);
  CHECK(over->status == 429);
  CHECK(header(*over, "Retry-After") == "45");
  CHECK(w.over_limit() == 1);
  // A new window, after the Retry-After: allowed again.
  CHECK_FALSE(w.admit(t0 + 60'000, 2));
}

TEST_CASE("a request during a 429's Retry-After is banned with 418 until a stated time") {
  request_weights w{{6000, 60}};
  w.note_retry_after(t0, 1);
  auto ban = w.admit(t0 + 500, 2);
  REQUIRE(ban);
  CHECK(ban->status == 418);
  CHECK(ban->body.find("banned until " + std::to_string(t0 + 500 + 120'000)) != std::string::npos);
  CHECK(header(*ban, "Retry-After") == "120");
  // Still banned after the Retry-After of the 429 is over.
  auto still = w.admit(t0 + 60'000, 2);
  REQUIRE(still);
  CHECK(still->status == 418);
  CHECK_FALSE(w.admit(t0 + 500 + 120'000, 2));
}

TEST_CASE("the served rateLimits state the enforced request weight") {
  auto limits = render_rate_limits({300, 10});
  CHECK(limits.find(R"("rateLimitType":"REQUEST_WEIGHT","interval":"SECOND",)"
                    R"("intervalNum":10,"limit":300)")
        != std::string::npos);
  request_weights w{{300, 10}};
  http_reply r;
  w.stamp(r);
  CHECK(header(r, "X-MBX-USED-WEIGHT-10S") == "0");
}

TEST_CASE("order endpoints weigh as Binance states, and accepted orders are counted per window") {
  CHECK(request_weight("/api/v3/order?symbol=BTCUSDT&orderId=1", "GET") == 4);
  CHECK(request_weight("/api/v3/order", "POST") == 1);
  CHECK(request_weight("/api/v3/openOrders?symbol=BTCUSDT") == 6);
  CHECK(request_weight("/api/v3/openOrders") == 80);
  CHECK(request_weight("/api/v3/account") == 20);
  CHECK(request_weight("/api/v3/myTrades?symbol=BTCUSDT&orderId=3") == 5);
  order_counts counts;
  counts.count(t0);
  counts.count(t0 + 9'999);
  http_reply spot;
  counts.stamp(spot, false);
  CHECK(header(spot, "X-MBX-ORDER-COUNT-10S") == "2");
  CHECK(header(spot, "X-MBX-ORDER-COUNT-1D") == "2");
  counts.count(t0 + 10'000); // a new 10 s window, the same minute and day
  http_reply futures;
  counts.stamp(futures, true);
  CHECK(header(futures, "X-MBX-ORDER-COUNT-10S") == "1");
  CHECK(header(futures, "X-MBX-ORDER-COUNT-1M") == "3");
}

TEST_CASE("a new order over the ORDERS limit is refused with 429 -1015 until its window ends") {
  weight_options opts;
  opts.orders_10s = 2;
  order_counts counts{opts};
  CHECK(render_rate_limits(opts).find(R"("rateLimitType":"ORDERS","interval":"SECOND",)"
                                      R"("intervalNum":10,"limit":2})")
        != std::string::npos);
  CHECK(render_futures_rate_limits(opts).find(R"("intervalNum":10,"limit":2})")
        != std::string::npos);
  CHECK(render_futures_rate_limits({}).find(R"("intervalNum":10,"limit":300})")
        != std::string::npos);
  CHECK_FALSE(counts.admit(t0, false));
  counts.count(t0);
  counts.count(t0 + 1'000);
  auto refused = counts.admit(t0 + 2'000, false);
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(refused->body
        == R"({"code":-1015,"msg":"Too many new orders; current limit is 2 orders per 10 SECOND."})");
  CHECK(header(*refused, "Retry-After").empty());
  CHECK(header(*refused, "X-MBX-ORDER-COUNT-10S") == "2");
  CHECK(counts.admit(t0 + 9'999, true)); // the same window on futures
  CHECK_FALSE(counts.admit(t0 + 10'000, false)); // the next window
}

TEST_CASE("tickers and futures endpoints weigh as Binance states") {
  CHECK(request_weight("/api/v3/ticker/24hr?symbol=BTCUSDT") == 2);
  CHECK(request_weight("/api/v3/ticker/24hr") == 80);
  CHECK(request_weight("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=99") == 1);
  CHECK(request_weight("/fapi/v1/klines?symbol=BTCUSDT&interval=1m") == 5);
  CHECK(request_weight("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500") == 10);
  CHECK(request_weight("/fapi/v3/positionRisk") == 5);
  CHECK(request_weight("/fapi/v1/order", "POST") == 0);
  CHECK(request_weight("/fapi/v1/order?symbol=BTCUSDT&orderId=1", "GET") == 1);
}
