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

bool parse_decimal(std::string_view text, parsed_decimal& out) {
  if (text.empty() || text.front() == '.' || text.back() == '.')
    return false;
  // Up to 18 digits fit 64 bits, which are much cheaper than 128.
  constexpr int narrow_digits = 18;
  uint64_t narrow = 0;
  units digits = 0;
  int count = 0;
  int decimals = 0;
  bool seen_point = false;
  for (char ch : text) {
    if (ch == '.') {
      if (seen_point)
        return false;
      seen_point = true;
      continue;
    }
    if (ch < '0' || ch > '9')
      return false;
    ++count;
    if (count <= narrow_digits) {
      narrow = narrow * 10 + static_cast<uint64_t>(ch - '0');
    } else {
      if (count > max_digits)
        return false;
      if (count == narrow_digits + 1)
        digits = narrow;
      digits = digits * 10 + (ch - '0');
    }
    if (seen_point)
      ++decimals;
  }
  if (count == 0)
    return false;
  out = {count <= narrow_digits ? units{narrow} : digits, decimals};
  return true;
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
