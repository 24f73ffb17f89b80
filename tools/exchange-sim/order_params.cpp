#include "tools/exchange-sim/order_params.hpp"

#include <algorithm>
#include <charconv>

namespace tn::sim {

namespace {

constexpr std::string_view decimal_range = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::optional<http_reply> read_symbol(const exchange_info& info, const request_target& t,
                                      const symbol_rules*& out) {
  const auto* s = t.get("symbol");
  if (!s || s->empty())
    return missing_param("symbol");
  if (s->size() > 20 || !std::all_of(s->begin(), s->end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      }))
    return illegal_param("symbol", "^[A-Z0-9-_.]{1,20}$");
  out = info.find(*s);
  if (!out)
    return error_reply(400, -1121, "Invalid symbol.");
  return std::nullopt;
}

std::optional<http_reply> read_side(const request_target& t, bool& buy) {
  const auto* s = t.get("side");
  if (!s || s->empty())
    return missing_param("side");
  if (*s != "BUY" && *s != "SELL")
    return error_reply(400, -1117, "Invalid side.");
  buy = *s == "BUY";
  return std::nullopt;
}

std::optional<http_reply> read_decimal(const request_target& t, std::string_view name,
                                       std::optional<units>& out) {
  const auto* s = t.get(name);
  if (!s)
    return std::nullopt;
  auto dot = s->find('.');
  auto whole = std::string_view{*s}.substr(0, dot);
  auto frac = dot == std::string::npos ? std::string_view{} : std::string_view{*s}.substr(dot + 1);
  if (!is_digits(whole) || whole.size() > 20 || (dot != std::string::npos && !is_digits(frac))
      || frac.size() > 20)
    return illegal_param(name, decimal_range);
  auto trimmed = frac;
  while (!trimmed.empty() && trimmed.back() == '0')
    trimmed.remove_suffix(1);
  units value = 0;
  auto text = trimmed.empty() ? std::string{whole} : std::string{whole} + "." + std::string{trimmed};
  if (trimmed.size() > 8 || !parse_fixed(text, 8, value))
    return error_reply(400, -1111, "Parameter '" + std::string{name} + "' has too much precision.");
  out = value;
  return std::nullopt;
}

std::optional<http_reply> require_decimal(const request_target& t, std::string_view name,
                                          units& out) {
  std::optional<units> value;
  if (auto err = read_decimal(t, name, value))
    return err;
  if (!value)
    return missing_param(name);
  out = *value;
  return std::nullopt;
}

std::optional<http_reply> read_int(const request_target& t, std::string_view name,
                                   std::optional<int64_t>& out) {
  const auto* s = t.get(name);
  if (!s)
    return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), value);
  if (ec != std::errc{} || ptr != s->data() + s->size() || value < 0)
    return illegal_param(name, "^[0-9]{1,20}$");
  out = value;
  return std::nullopt;
}

std::optional<http_reply> read_client_id(const request_target& t, std::string_view name,
                                         bool futures, std::string& out) {
  const auto* s = t.get(name);
  if (!s)
    return std::nullopt;
  bool legal = !s->empty() && s->size() <= 36 && std::all_of(s->begin(), s->end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
           || c == '_' || (futures && (c == '.' || c == ':' || c == '/'));
  });
  if (!legal)
    return illegal_param(name, futures ? "^[\\.A-Z\\:/a-z0-9_-]{1,36}$" : "^[a-zA-Z0-9-_]{1,36}$");
  out = *s;
  return std::nullopt;
}

std::optional<http_reply> refuse_param(const request_target& t, std::string_view name) {
  if (!t.get(name))
    return std::nullopt;
  return error_reply(400, -1106, "Parameter '" + std::string{name} + "' sent when not required.");
}

http_reply filter_failure(std::string_view filter) {
  return error_reply(400, -1013, "Filter failure: " + std::string{filter});
}

http_reply no_such_order() {
  return error_reply(400, -2013, "Order does not exist.");
}

} // namespace tn::sim
