#include "actors/broker/binance_limits.hpp"

#include "actors/broker/binance_response.hpp"
#include "actors/market_listener/klines_fetch.hpp"
#include "runtime/net/http.hpp"

#include <charconv>

namespace tn {

namespace {

std::optional<int64_t> number(std::string_view text) {
  int64_t value = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || err != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

} // namespace

void binance_limits::set_limits(std::string_view exchange_info) {
  weight_limit limit;
  if (parse_weight_limit(exchange_info, limit))
    budget_.set_limit(limit);
  orders_.set_limits(exchange_info);
}

void binance_limits::on_sent(timestamp now, int64_t weight) {
  budget_.on_sent(now, weight);
}

void binance_limits::on_answer(timestamp now, const net::http_response& res) {
  orders_.on_counts(now, res.headers);
  auto used = number(res.header(used_weight_header(budget_.limit().window)));
  if (used)
    used_ = used;
  int status = static_cast<int>(res.status);
  exchange_error e;
  if (parse_error(res.body, e) && too_many_orders(e)) {
    // Only new orders wait (HTTP 429 without Retry-After): the request
    // weight is not what ran out.
    orders_.on_too_many(now, e.msg);
    status = 200;
  }
  budget_.on_answer(now, used, status, retry_after(res.header("Retry-After")),
                    status == 418 ? banned_until(res.body) : std::nullopt);
}

timestamp binance_limits::ready_at(timestamp now, int64_t weight) {
  return budget_.ready_at(now, weight);
}

std::string binance_limits::usage() const {
  auto window = std::chrono::duration_cast<std::chrono::minutes>(budget_.limit().window).count();
  std::string out = "weight " + (used_ ? std::to_string(*used_) : std::string{"?"}) + "/"
                    + std::to_string(budget_.limit().limit) + " per "
                    + std::to_string(window) + "m";
  if (auto orders = orders_.usage(); !orders.empty())
    out += "; orders " + orders;
  return out;
}

int64_t call_weight(std::string_view method, std::string_view path) {
  if (path == "/api/v3/exchangeInfo" || path == "/api/v3/account")
    return 20;
  // Trades are read by orderId, which is cheaper.
  if (path == "/api/v3/myTrades" || path == "/fapi/v1/userTrades"
      || path == "/fapi/v3/positionRisk" || path == "/fapi/v2/balance")
    return 5;
  if (path == "/api/v3/order" && method == "GET")
    return 4;
  return 1;
}

} // namespace tn
