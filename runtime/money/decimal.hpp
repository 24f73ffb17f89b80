#pragma once

// Money in fixed point: every price, quantity, balance, fee and PnL in the
// order path. Binance writes every such value as a decimal string with at
// most 8 decimals, so one scale of 8 represents all of them exactly; binary
// floating point never touches an amount. Doubles appear only at the
// analytics boundary (to_double, from_double), and say so at the call site.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn {

/// How a result that falls between two representable values is rounded.
enum class rounding : uint8_t {
  down,    // toward zero
  up,      // away from zero
  nearest, // half away from zero
};

/// A signed decimal with exactly 8 decimals: `units` counts 10^-8.
/// Range about ±9.2e10, far above any balance or order this node handles;
/// arithmetic that would leave it saturates (see `mul`).
struct decimal {
  static constexpr int scale = 8;
  static constexpr int64_t one = 100'000'000;

  int64_t units = 0;

  static constexpr decimal from_units(int64_t u) { return decimal{u}; }
  static constexpr decimal from_int(int64_t x) { return decimal{x * one}; }

  /// Parses a plain decimal as Binance writes it ("117224.79000000", "-1.5",
  /// "0", ".5" is refused): exact, or nothing when the text has more than 8
  /// significant decimals, an exponent, garbage or leaves the range.
  static std::optional<decimal> parse(std::string_view text);

  /// The analytics boundary: the nearest decimal to `x` rounded as told;
  /// nothing for NaN, infinity or values outside the range.
  static std::optional<decimal> from_double(double x, rounding mode = rounding::nearest);

  constexpr bool is_zero() const { return units == 0; }
  constexpr bool is_negative() const { return units < 0; }
  constexpr bool is_positive() const { return units > 0; }
};

constexpr decimal operator+(decimal a, decimal b) { return decimal{a.units + b.units}; }
constexpr decimal operator-(decimal a, decimal b) { return decimal{a.units - b.units}; }
constexpr decimal operator-(decimal a) { return decimal{-a.units}; }
constexpr decimal& operator+=(decimal& a, decimal b) { a.units += b.units; return a; }
constexpr decimal& operator-=(decimal& a, decimal b) { a.units -= b.units; return a; }
constexpr bool operator==(decimal a, decimal b) { return a.units == b.units; }
constexpr bool operator!=(decimal a, decimal b) { return a.units != b.units; }
constexpr bool operator<(decimal a, decimal b) { return a.units < b.units; }
constexpr bool operator>(decimal a, decimal b) { return a.units > b.units; }
constexpr bool operator<=(decimal a, decimal b) { return a.units <= b.units; }
constexpr bool operator>=(decimal a, decimal b) { return a.units >= b.units; }
constexpr decimal min(decimal a, decimal b) { return b < a ? b : a; }
constexpr decimal max(decimal a, decimal b) { return a < b ? b : a; }
constexpr decimal abs(decimal a) { return a.units < 0 ? -a : a; }

/// a * b (price times quantity, equity times a share), rounded as told.
/// Saturates at the range's ends rather than wrapping.
decimal mul(decimal a, decimal b, rounding mode = rounding::nearest);

/// a / b rounded as told; zero when b is zero (callers check b first where
/// zero means something).
decimal div(decimal a, decimal b, rounding mode = rounding::nearest);

/// `value` rounded to a multiple of `step` (a tick or lot size); `value`
/// itself when step is not positive. `down` floors toward zero, `up` away
/// from it, `nearest` takes the closer multiple (halves away from zero).
decimal round_to_step(decimal value, decimal step, rounding mode = rounding::down);

/// Shortest exact text: no trailing zeros, no point for whole values
/// ("117224.79", "0.001", "-5"). What the node sends to the exchange.
std::string to_string(decimal x);

/// Exactly `decimals` (0..8) decimals, rounded half away from zero
/// ("117224.79000000" with 8): for tables and fixed-width output.
std::string to_string(decimal x, int decimals);

/// The analytics boundary: the nearest double.
double to_double(decimal x);

/// How many decimals `step` needs (0.00100000 -> 3): the precision Binance
/// allows for a value of that tick or lot size.
int decimals_of(decimal step);

} // namespace tn
