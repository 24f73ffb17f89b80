#pragma once

// One kline file read a row at a time: Binance dump CSVs (spot without
// header, micro- or milliseconds; futures with a header row) through a fixed
// buffer, so a year of minutes never sits in memory, and /api/v3/klines JSON
// bodies, which are parsed whole when opened (a REST answer holds at most
// 1000 rows). Each row is checked as it is read: a 1m bar, open and close
// inside [low, high], opening after the row before it; errors name the file
// and the line (the row of a JSON array).

#include "tools/exchange-sim/fixed.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// A row as written: millisecond times, decimals at their own scale.
struct kline_row {
  int64_t open_time = 0;  // ms
  int64_t close_time = 0; // ms
  int64_t trades = 0;
  parsed_decimal open, high, low, close, volume, quote_volume, taker_base, taker_quote;
};

/// An epoch time in ms or µs (Binance's spot dumps from 2025 on) as ms.
int64_t to_millis(int64_t t);

/// Parses one dump CSV line (11 or more fields; those after the 11th are
/// ignored) into `row` with its times as written; no allocation. False if
/// it is not a kline row.
bool parse_kline_row(std::string_view line, kline_row& row);

/// Why `row` (times in ms) is not a valid 1m bar after a bar opening at
/// `previous_open` (no previous bar: INT64_MIN); null if it is.
const char* kline_row_problem(const kline_row& row, int64_t previous_open);

/// Parses a /api/v3/klines JSON body into `rows` (times as written); false
/// with the reason ("row N: ...") in `error`.
bool parse_kline_json_rows(std::string_view text, std::vector<kline_row>& rows,
                           std::string& error);

/// The rows of one file, in order.
class kline_reader {
public:
  kline_reader();
  ~kline_reader();
  kline_reader(kline_reader&&) noexcept;
  kline_reader& operator=(kline_reader&&) noexcept;

  /// Opens `path`, a dump CSV or (text starting with '[') a JSON body.
  bool open(const std::string& path, std::string& error);

  /// The next row into `row` (times in ms): false at the end of the file
  /// with `error` empty, or on a bad row with `error` naming file and line.
  bool next(kline_row& row, std::string& error);

  /// The line of the CSV (the row of the JSON array) `next` read last.
  uint64_t line() const { return line_; }

  /// Whether the file is a JSON body (its rows parsed when opened).
  bool json() const { return json_; }

  /// Reads the rest of the file's time column (the first field) only,
  /// counting the rows opening in [first_open, last_open] (ms) until one
  /// opens after last_open; false with `error` on a line without a time.
  bool count(int64_t first_open, int64_t last_open, uint64_t& count, std::string& error);

private:
  enum class got { line, end, too_long };
  bool fill(std::string& error);
  got read_line(std::string_view& line, std::string& error);
  /// The next CSV line with content (header, blank lines and \r dropped);
  /// false at the end or on an error.
  bool content_line(std::string_view& line, std::string& error);
  bool read_json(std::string& error);
  bool fail(std::string& error, const std::string& why) const;

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<char> buf_;
  size_t begin_ = 0; // unread text: buf_[begin_, end_)
  size_t end_ = 0;
  bool eof_ = false;
  bool json_ = false;
  std::vector<kline_row> json_rows_;
  size_t json_next_ = 0;
  uint64_t line_ = 0;
  int64_t previous_open_;
};

/// The open times (ms) of the first and the last row of `path`, without
/// reading the rows between (the last is read from the file's tail).
bool kline_file_bounds(const std::string& path, int64_t& first_open, int64_t& last_open,
                       std::string& error);

/// Counts the rows of `path` opening in [first_open, last_open] (ms) from
/// the time column alone, much cheaper than reading the rows; it stops at
/// the first row opening after last_open (the rows are in time order).
bool count_klines(const std::string& path, int64_t first_open, int64_t last_open,
                  uint64_t& count, std::string& error);

} // namespace tn::sim
