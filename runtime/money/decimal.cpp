#include "runtime/money/decimal.hpp"

#include <cmath>
#include <limits>

namespace tn {

namespace {

using wide = __int128;

constexpr int64_t max_units = std::numeric_limits<int64_t>::max();
constexpr int64_t min_units = std::numeric_limits<int64_t>::min();

decimal saturate(wide x) {
  if (x > max_units)
    return decimal{max_units};
  if (x < min_units)
    return decimal{min_units};
  return decimal{static_cast<int64_t>(x)};
}

// num / den with the sign of the exact quotient, rounded as told; den > 0.
wide divide(wide num, wide den, rounding mode) {
  wide q = num / den;
  wide r = num % den;
  if (r == 0)
    return q;
  bool negative = num < 0;
  wide away = negative ? q - 1 : q + 1;
  switch (mode) {
    case rounding::down: return q;
    case rounding::up: return away;
    case rounding::nearest: {
      wide twice = (r < 0 ? -r : r) * 2;
      return twice >= den ? away : q;
    }
  }
  return q;
}

} // namespace

std::optional<decimal> decimal::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '.' || text.back() == '.')
    return std::nullopt;
  wide value = 0;
  int decimals = -1; // -1 until the point
  for (char c : text) {
    if (c == '.') {
      if (decimals >= 0)
        return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9')
      return std::nullopt;
    if (decimals >= 0)
      ++decimals;
    if (decimals > scale) {
      // Binance pads to 8 decimals; more digits are fine only if zero.
      if (c != '0')
        return std::nullopt;
      continue;
    }
    value = value * 10 + (c - '0');
    if (value > wide{max_units} * 10)
      return std::nullopt;
  }
  for (int i = decimals < 0 ? 0 : decimals; i < scale; ++i)
    value *= 10;
  if (negative)
    value = -value;
  if (value > max_units || value < -wide{max_units})
    return std::nullopt;
  return decimal{static_cast<int64_t>(value)};
}

std::optional<decimal> decimal::from_double(double x, rounding mode) {
  if (!std::isfinite(x))
    return std::nullopt;
  double scaled = x * static_cast<double>(one);
  double r = 0;
  switch (mode) {
    case rounding::down: r = std::trunc(scaled); break;
    case rounding::up: r = scaled < 0 ? std::floor(scaled) : std::ceil(scaled); break;
    case rounding::nearest: r = std::round(scaled); break;
  }
  // 2^63 is exactly representable; anything at or past it is out of range.
  if (r >= 9223372036854775808.0 || r <= -9223372036854775808.0)
    return std::nullopt;
  return decimal{static_cast<int64_t>(r)};
}

decimal mul(decimal a, decimal b, rounding mode) {
  return saturate(divide(wide{a.units} * b.units, decimal::one, mode));
}

decimal div(decimal a, decimal b, rounding mode) {
  if (b.units == 0)
    return decimal{};
  wide num = wide{a.units} * decimal::one;
  wide den = b.units;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return saturate(divide(num, den, mode));
}

decimal round_to_step(decimal value, decimal step, rounding mode) {
  if (step.units <= 0)
    return value;
  return saturate(divide(value.units, step.units, mode) * step.units);
}

std::string to_string(decimal x, int decimals) {
  if (decimals < 0)
    decimals = 0;
  if (decimals > decimal::scale)
    decimals = decimal::scale;
  wide divisor = 1;
  for (int i = decimals; i < decimal::scale; ++i)
    divisor *= 10;
  wide v = divide(x.units, divisor, rounding::nearest);
  bool negative = v < 0;
  if (negative)
    v = -v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (static_cast<int>(digits.size()) <= decimals)
    digits.insert(0, static_cast<size_t>(decimals + 1) - digits.size(), '0');
  if (decimals > 0)
    digits.insert(digits.size() - static_cast<size_t>(decimals), 1, '.');
  if (negative)
    digits.insert(0, 1, '-');
  return digits;
}

int decimals_of(decimal step) {
  int64_t u = step.units < 0 ? -step.units : step.units;
  if (u == 0)
    return 0;
  int trailing = 0;
  while (trailing < decimal::scale && u % 10 == 0) {
    u /= 10;
    ++trailing;
  }
  return decimal::scale - trailing;
}

std::string to_string(decimal x) {
  return to_string(x, decimals_of(x));
}

double to_double(decimal x) {
  return static_cast<double>(x.units) / static_cast<double>(decimal::one);
}

} // namespace tn
