#include "tools/exchange-sim/faults.hpp"

#include "tools/exchange-sim/render.hpp"

#include <charconv>

namespace tn::sim {

namespace {

bool parse_positive(std::string_view text, int& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size() && out > 0;
}

http_reply fault_reply(int status, int64_t wall_ms, int retry_after_s) {
  auto retry = std::to_string(retry_after_s);
  switch (status) {
    case 429: {
      auto r = json_reply(429, render_error(-1003,
                                            "Too much request weight used; current limit is 6000 "
                                            "request weight per 1 MINUTE. Please use WebSocket "
                                            "Streams for live updates to avoid polling the API."));
      r.headers.emplace_back("Retry-After", retry);
      return r;
    }
    case 418: {
      auto until = std::to_string(wall_ms + int64_t{retry_after_s} * 1000);
      auto r = json_reply(418, render_error(-1003, "Way too much request weight used; IP banned until "
                                                     + until
                                                     + ". Please use WebSocket Streams for live "
                                                       "updates to avoid bans."));
      r.headers.emplace_back("Retry-After", retry);
      return r;
    }
    case 503:
      return json_reply(503, render_error(-1008, "Server is currently overloaded with other "
                                                 "requests. Please try again in a few minutes."));
    default:
      return json_reply(500, render_error(-1000, "An unknown error occurred while processing the "
                                                 "request."));
  }
}

} // namespace

bool parse_http_fault(std::string_view text, http_fault& out, std::string& error) {
  auto colon = text.find(':');
  http_fault f;
  if (!parse_positive(text.substr(0, colon), f.status)
      || (f.status != 418 && f.status != 429 && f.status != 500 && f.status != 503)) {
    error = "--http-error: status must be 418, 429, 500 or 503";
    return false;
  }
  if (colon != std::string_view::npos && !parse_positive(text.substr(colon + 1), f.every)) {
    error = "--http-error: N in CODE:N must be a positive integer";
    return false;
  }
  out = f;
  return true;
}

bool parse_order_fault(std::string_view text, order_fault& out, std::string& error) {
  static constexpr std::pair<std::string_view, order_fault_kind> kinds[] = {
    {"reject", order_fault_kind::reject}, {"drop", order_fault_kind::drop},
    {"5xx", order_fault_kind::server_error}, {"429", order_fault_kind::too_many},
    {"418", order_fault_kind::banned}};
  auto colon = text.find(':');
  auto name = text.substr(0, colon);
  order_fault f;
  bool known = false;
  for (const auto& [k, kind] : kinds)
    if (k == name) {
      f.kind = kind;
      known = true;
    }
  if (!known) {
    error = "--order-fault: kind must be reject, drop, 5xx, 429 or 418";
    return false;
  }
  if (colon != std::string_view::npos && !parse_positive(text.substr(colon + 1), f.every)) {
    error = "--order-fault: N in KIND:N must be a positive integer";
    return false;
  }
  out = f;
  return true;
}

std::optional<order_fault_kind> order_faults::next() {
  ++orders_;
  if (!armed_.empty()) {
    auto kind = armed_.front();
    armed_.erase(armed_.begin());
    return kind;
  }
  for (const auto& f : opts_.order_faults)
    if (orders_ % f.every == 0)
      return f.kind;
  return std::nullopt;
}

http_reply order_fault_reply(order_fault_kind kind, int64_t wall_ms, int retry_after_s) {
  switch (kind) {
    case order_fault_kind::too_many:
      return fault_reply(429, wall_ms, retry_after_s);
    case order_fault_kind::banned:
      return fault_reply(418, wall_ms, retry_after_s);
    case order_fault_kind::server_error:
      return json_reply(503, render_error(-1007, "Timeout waiting for response from backend "
                                                 "server. Send status unknown; execution status "
                                                 "unknown."));
    default:
      return json_reply(400, render_error(-2010, "Market is closed."));
  }
}

std::string malform(std::string_view text, uint64_t n) {
  switch (n % 3) {
    case 0: {
      std::string out{text};
      out.insert(out.empty() ? 0 : 1, ","); // {,"stream":..}
      return out;
    }
    case 1:
      return std::string{text.substr(0, text.size() / 2)};
    default: {
      std::string out{text};
      auto at = out.find(R"(,"c":")");
      if (at != std::string::npos)
        out.erase(at, out.find('"', at + 6) + 1 - at);
      return out;
    }
  }
}

push_outcome stream_faults::next(std::string text) {
  ++sent_;
  push_outcome out;
  if (opts_.malformed_every > 0 && sent_ % opts_.malformed_every == 0)
    out.text = malform(text, malformed_++);
  else
    out.text = std::move(text);
  out.drop_after = opts_.drop_every > 0 && sent_ % opts_.drop_every == 0;
  return out;
}

std::optional<http_reply> http_faults::next(int64_t wall_ms) {
  ++requests_;
  for (const auto& f : opts_.http_errors)
    if (requests_ % f.every == 0)
      return fault_reply(f.status, wall_ms, opts_.retry_after_s);
  return std::nullopt;
}

} // namespace tn::sim
