#pragma once

// Exact decimals: Binance sends prices and quantities as decimal strings and
// the simulator must echo them digit for digit, so values are kept as integer
// digits with the decimal point removed; the number of decimals (the scale)
// belongs to the column, not to the value.

#include <cstdint>
#include <string>
#include <string_view>

namespace tn::sim {

/// A decimal's digits without the point. 128 bits because a day of a
/// low-priced coin's volume at 8 decimals overflows 64.
using units = __int128;

/// 10^n for 0 <= n <= 30.
units pow10(int n);

/// A decimal as written: its digits and how many of them follow the point.
struct parsed_decimal {
  units digits = 0;
  int decimals = 0;
};

/// Parses an unsigned decimal ("117224.79000000", "31584", "0.5"); false on
/// anything else (signs, exponents, empty, more than 30 digits).
bool parse_decimal(std::string_view text, parsed_decimal& out);

/// Parses the decimal starting at `first` up to the first character in
/// [first, last) that is neither a digit nor a point, as parse_decimal does;
/// the position after it, or null if no such decimal starts there.
const char* parse_decimal_prefix(const char* first, const char* last, parsed_decimal& out);

/// `value` at `from` decimals expressed at `to` >= `from` decimals.
units rescale(units value, int from, int to);

/// Parses `text` straight to `scale` decimals; false if it has more.
bool parse_fixed(std::string_view text, int scale, units& out);

/// Appends `value` written with exactly `scale` decimals ("117224.79000000").
void append_fixed(std::string& out, units value, int scale);

/// `value` written with exactly `scale` decimals.
std::string format_fixed(units value, int scale);

/// Greatest common divisor of two non-negative values (gcd(0, x) = x).
units gcd(units a, units b);

/// `value` rounded to the nearest multiple of `step` > 0 (halves go up).
units round_to(units value, units step);

/// `value` rounded down to a multiple of `step` > 0.
units floor_to(units value, units step);

} // namespace tn::sim
