#include "tools/exchange-sim/fixed.hpp"

namespace tn::sim {

namespace {

constexpr int max_digits = 30;

} // namespace

units pow10(int n) {
  units result = 1;
  for (int i = 0; i < n; ++i)
    result *= 10;
  return result;
}

const char* parse_decimal_prefix(const char* first, const char* last, parsed_decimal& out) {
  auto digit = [&](const char* p) { return p != last && static_cast<unsigned>(*p - '0') < 10; };
  // Up to 18 digits fit 64 bits, which are much cheaper than 128: the
  // digits are summed in 64 bits first and again in 128 only when longer.
  constexpr int narrow_digits = 18;
  uint64_t narrow = 0;
  auto p = first;
  for (; digit(p); ++p)
    narrow = narrow * 10 + static_cast<uint64_t>(*p - '0');
  auto whole = static_cast<int>(p - first);
  int decimals = 0;
  if (p != last && *p == '.') {
    auto fraction = ++p;
    for (; digit(p); ++p)
      narrow = narrow * 10 + static_cast<uint64_t>(*p - '0');
    decimals = static_cast<int>(p - fraction);
    if (decimals == 0 || (p != last && *p == '.'))
      return nullptr;
  }
  auto count = whole + decimals;
  if (whole == 0 || count > max_digits)
    return nullptr;
  if (count <= narrow_digits) {
    out = {units{narrow}, decimals};
    return p;
  }
  units digits = 0;
  for (auto q = first; q != p; ++q)
    if (*q != '.')
      digits = digits * 10 + (*q - '0');
  out = {digits, decimals};
  return p;
}

bool parse_decimal(std::string_view text, parsed_decimal& out) {
  auto end = text.data() + text.size();
  return !text.empty() && parse_decimal_prefix(text.data(), end, out) == end;
}

units rescale(units value, int from, int to) {
  return value * pow10(to - from);
}

bool parse_fixed(std::string_view text, int scale, units& out) {
  parsed_decimal d;
  if (!parse_decimal(text, d) || d.decimals > scale)
    return false;
  out = rescale(d.digits, d.decimals, scale);
  return true;
}

void append_fixed(std::string& out, units value, int scale) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  char buf[64];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  while (n <= scale) // at least one digit before the point
    buf[n++] = '0';
  for (int i = n - 1; i >= 0; --i) {
    out += buf[i];
    if (i == scale && scale > 0)
      out += '.';
  }
}

std::string format_fixed(units value, int scale) {
  std::string out;
  append_fixed(out, value, scale);
  return out;
}

units gcd(units a, units b) {
  while (b != 0) {
    units t = a % b;
    a = b;
    b = t;
  }
  return a;
}

units round_to(units value, units step) {
  units down = floor_to(value, step);
  return (value - down) * 2 >= step ? down + step : down;
}

units floor_to(units value, units step) {
  units rem = value % step;
  if (rem < 0)
    rem += step;
  return value - rem;
}

} // namespace tn::sim
