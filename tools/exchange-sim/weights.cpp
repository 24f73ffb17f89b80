#include "tools/exchange-sim/weights.hpp"

#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/render.hpp"

#include <algorithm>
#include <cstdlib>

namespace tn::sim {

namespace {

constexpr int64_t first_ban_ms = 2 * 60 * 1000;
constexpr int64_t spot_orders_per_day = 160000;
constexpr int64_t futures_orders_per_minute = 1200;

std::string seconds_until(int64_t from_ms, int64_t to_ms) {
  return std::to_string(std::max<int64_t>(1, (to_ms - from_ms + 999) / 1000));
}

// "1M" for a minute, "10S" for ten seconds: Binance's header suffix.
std::string window_suffix(int window_s) {
  return window_s % 60 == 0 ? std::to_string(window_s / 60) + "M" : std::to_string(window_s) + "S";
}

} // namespace

int spot_orders_10s(const weight_options& opts) {
  return opts.orders_10s > 0 ? opts.orders_10s : 50;
}

int futures_orders_10s(const weight_options& opts) {
  return opts.orders_10s > 0 ? opts.orders_10s : 300;
}

std::string render_rate_limits(const weight_options& opts) {
  auto minutes = opts.window_s % 60 == 0;
  return R"([{"rateLimitType":"REQUEST_WEIGHT","interval":")"
         + std::string{minutes ? "MINUTE" : "SECOND"} + R"(","intervalNum":)"
         + std::to_string(minutes ? opts.window_s / 60 : opts.window_s)
         + R"(,"limit":)" + std::to_string(opts.limit) + "},"
         + R"({"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":)"
         + std::to_string(spot_orders_10s(opts))
         + R"(},{"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":)"
         + std::to_string(spot_orders_per_day)
         + R"(},{"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}])";
}

std::string render_futures_rate_limits(const weight_options& opts) {
  return R"([{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400},)"
         R"({"rateLimitType":"ORDERS","interval":"MINUTE","intervalNum":1,"limit":)"
         + std::to_string(futures_orders_per_minute)
         + R"(},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":)"
         + std::to_string(futures_orders_10s(opts)) + "}]";
}

int request_weight(std::string_view target, std::string_view method) {
  auto t = parse_target(target);
  if (t.path == "/api/v3/exchangeInfo" || t.path == "/api/v3/account")
    return 20;
  if (t.path == "/api/v3/order")
    return method == "GET" ? 4 : 1;
  if (t.path == "/api/v3/openOrders")
    return t.get("symbol") ? 6 : 80;
  if (t.path == "/api/v3/myTrades")
    return t.get("orderId") ? 5 : 20;
  if (t.path == "/api/v3/ticker/24hr")
    return t.get("symbol") ? 2 : 80;
  if (t.path == "/api/v3/ticker/bookTicker")
    return t.get("symbol") ? 2 : 4;
  // USDⓈ-M futures, as its docs state them
  if (t.path == "/fapi/v1/klines") {
    const auto* limit = t.get("limit");
    auto n = limit ? std::atoi(limit->c_str()) : 500;
    return n < 100 ? 1 : n < 500 ? 2 : n <= 1000 ? 5 : 10;
  }
  if (t.path == "/fapi/v2/positionRisk" || t.path == "/fapi/v3/positionRisk"
      || t.path == "/fapi/v2/account" || t.path == "/fapi/v3/account"
      || t.path == "/fapi/v2/balance" || t.path == "/fapi/v3/balance"
      || t.path == "/fapi/v1/userTrades")
    return 5;
  if (t.path == "/fapi/v1/order" || t.path == "/fapi/v1/algoOrder")
    return method == "GET" ? 1 : 0;
  if (t.path == "/fapi/v1/openOrders" || t.path == "/fapi/v1/openAlgoOrders")
    return t.get("symbol") ? 1 : 40;
  if (t.path == "/fapi/v1/ticker/24hr" || t.path == "/fapi/v1/premiumIndex")
    return t.get("symbol") ? 1 : 40;
  if (t.path == "/api/v3/klines" || t.path == "/api/v3/uiKlines")
    return 2;
  if (t.path == "/api/v3/ticker/price")
    return t.get("symbol") ? 2 : 4;
  return 1;
}

void request_weights::roll(int64_t wall_ms) {
  auto window = wall_ms / (int64_t{opts_.window_s} * 1000);
  if (window != window_) {
    window_ = window;
    used_ = 0;
  }
}

std::optional<http_reply> request_weights::admit(int64_t wall_ms, int weight) {
  roll(wall_ms);
  if (wall_ms < banned_until_ || wall_ms < quiet_until_) {
    if (wall_ms >= banned_until_) {
      ban_ms_ = ban_ms_ == 0 ? first_ban_ms : ban_ms_ * 2;
      banned_until_ = wall_ms + ban_ms_;
    }
    auto r = json_reply(418, render_error(-1003, "Way too much request weight used; IP banned until "
                                                   + std::to_string(banned_until_)
                                                   + ". Please use WebSocket Streams for live "
                                                     "updates to avoid bans."));
    r.headers.emplace_back("Retry-After", seconds_until(wall_ms, banned_until_));
    return r;
  }
  used_ += weight;
  if (used_ <= opts_.limit)
    return std::nullopt;
  ++over_limit_;
  auto window_end = (window_ + 1) * int64_t{opts_.window_s} * 1000;
  quiet_until_ = window_end;
  auto r = json_reply(429, render_error(-1003, "Too much request weight used; current limit is "
                                                 + std::to_string(opts_.limit)
                                                 + " request weight per "
                                                 + window_suffix(opts_.window_s)
                                                 + ". Please use WebSocket Streams for live "
                                                   "updates to avoid polling the API."));
  r.headers.emplace_back("Retry-After", seconds_until(wall_ms, window_end));
  return r;
}

void request_weights::note_retry_after(int64_t wall_ms, int retry_after_s) {
  quiet_until_ = std::max(quiet_until_, wall_ms + int64_t{retry_after_s} * 1000);
}

void request_weights::stamp(http_reply& reply) const {
  auto used = std::to_string(used_);
  reply.headers.emplace_back("X-MBX-USED-WEIGHT-" + window_suffix(opts_.window_s), used);
  reply.headers.emplace_back("X-MBX-USED-WEIGHT", used);
}

int64_t order_counts::used_in(const window& w, int64_t wall_ms) const {
  return w.index == wall_ms / w.length_ms ? w.used : 0;
}

std::optional<http_reply> order_counts::admit(int64_t wall_ms, bool futures) const {
  struct limit {
    const window& w;
    int64_t max;
    const char* per;
  };
  const limit limits[] = {
    {ten_s_, futures ? futures_orders_10s(opts_) : spot_orders_10s(opts_), "10 SECOND"},
    futures ? limit{minute_, futures_orders_per_minute, "1 MINUTE"}
            : limit{day_, spot_orders_per_day, "1 DAY"},
  };
  for (const auto& l : limits) {
    if (used_in(l.w, wall_ms) < l.max)
      continue;
    auto r = json_reply(429, render_error(-1015, "Too many new orders; current limit is "
                                                   + std::to_string(l.max) + " orders per "
                                                   + l.per + "."));
    stamp(r, futures);
    return r;
  }
  return std::nullopt;
}

void order_counts::count(int64_t wall_ms) {
  for (auto* w : {&ten_s_, &minute_, &day_}) {
    auto index = wall_ms / w->length_ms;
    if (index != w->index) {
      w->index = index;
      w->used = 0;
    }
    ++w->used;
  }
}

void order_counts::stamp(http_reply& reply, bool futures) const {
  reply.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(ten_s_.used));
  if (futures)
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-1M", std::to_string(minute_.used));
  else
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-1D", std::to_string(day_.used));
}

} // namespace tn::sim
