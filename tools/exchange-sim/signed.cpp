#include "tools/exchange-sim/signed.hpp"

#include "runtime/net/hmac.hpp"

#include <charconv>

namespace tn::sim {

namespace {

constexpr int64_t default_recv_window = 5000;
constexpr int64_t max_recv_window = 60000;
constexpr int64_t max_ahead_ms = 1000;

/// `text` without its "signature=..." pair (and the '&' joining it); the
/// signature's value goes to `signature`.
std::string strip_signature(std::string_view text, std::string& signature) {
  std::string out;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.substr(0, 10) == "signature=") {
      signature = std::string{pair.substr(10)};
      continue;
    }
    if (!out.empty())
      out += '&';
    out += pair;
  }
  return out;
}

/// recvWindow may carry up to three decimals (microsecond precision); the
/// simulator compares whole milliseconds.
bool parse_recv_window(const std::string& text, int64_t& out) {
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), out);
  if (ec != std::errc{} || ptr != whole.data() + whole.size() || out < 0)
    return false;
  if (dot == std::string::npos)
    return true;
  auto frac = text.substr(dot + 1);
  return !frac.empty() && frac.size() <= 3
         && frac.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

std::optional<http_reply> check_api_key(const api_keys& keys, std::string_view api_key) {
  if (api_key.empty())
    return error_reply(401, -2014, "API-key format invalid.");
  if (api_key != keys.key)
    return error_reply(401, -2015, "Invalid API-key, IP, or permissions for action.");
  return std::nullopt;
}

std::optional<http_reply> check_signed(const api_keys& keys, const private_request& req,
                                       int64_t wall_ms, request_target& out) {
  if (auto err = check_api_key(keys, req.api_key))
    return err;
  auto q = req.target.find('?');
  auto query = q == std::string_view::npos ? std::string_view{} : req.target.substr(q + 1);
  std::string signature;
  auto signed_query = strip_signature(query, signature);
  auto signed_body = strip_signature(req.body, signature);
  out = parse_target(req.target);
  if (!req.body.empty()) {
    auto body = parse_target("?" + std::string{req.body});
    out.params.insert(out.params.end(), body.params.begin(), body.params.end());
  }
  const auto* timestamp_text = out.get("timestamp");
  int64_t timestamp = 0;
  if (!timestamp_text || timestamp_text->empty())
    return missing_param("timestamp");
  auto [tp, tec] = std::from_chars(timestamp_text->data(),
                                   timestamp_text->data() + timestamp_text->size(), timestamp);
  if (tec != std::errc{} || tp != timestamp_text->data() + timestamp_text->size())
    return illegal_param("timestamp", "^[0-9]{1,20}$");
  if (timestamp >= 100'000'000'000'000) // microseconds are accepted too
    timestamp /= 1000;
  int64_t recv_window = default_recv_window;
  if (const auto* rw = out.get("recvWindow"); rw && !parse_recv_window(*rw, recv_window))
    return illegal_param("recvWindow", "^[0-9]{1,20}(\\.[0-9]{1,3})?$");
  if (recv_window > max_recv_window)
    return error_reply(400, -1131, "recvWindow must be less than 60000");
  if (signature.empty())
    return missing_param("signature");
  if (!net::binance_signature_valid(signed_query + signed_body, signature, keys.secret))
    return error_reply(400, -1022, "Signature for this request is not valid.");
  if (timestamp >= wall_ms + max_ahead_ms)
    return error_reply(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (wall_ms - timestamp > recv_window)
    return error_reply(400, -1021, "Timestamp for this request is outside of the recvWindow.");
  return std::nullopt;
}

} // namespace tn::sim
