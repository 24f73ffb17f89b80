#pragma once

// FRED series as the macro regime reads them: the CSV download
// (fred.stlouisfed.org/graph/fredgraph.csv, "observation_date,INDPRO" or the
// older "DATE,VALUE" header) and the REST API's JSON
// (/fred/series/observations: observations[].date and .value). FRED writes
// "." for a missing value; it is kept as NaN so that the date stays known.

#include "messages/fwd.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// One observation: the first day of the period it covers (UTC midnight)
/// and its value, NaN when FRED has none.
struct observation {
  timestamp date;
  double value = 0;
};

/// A series read from a file or the API, or why it could not be read.
struct series_result {
  std::vector<observation> observations; ///< oldest first, dates unique
  std::string error;                     ///< "" when read
};

/// UTC midnight of YYYY-MM-DD; false unless `text` is exactly such a valid date.
bool parse_iso_date(std::string_view text, timestamp& out);

/// YYYY-MM-DD of `t` (UTC).
std::string format_iso_date(timestamp t);

/// Parses a FRED CSV download: a header whose first column is
/// observation_date or DATE (any case), then one `date,value` row per
/// period. Rows may come in any order; a date twice is refused. "" or the
/// parsed series in `out`, else why, naming the line.
std::string parse_fred_csv(std::string_view text, std::vector<observation>& out);

/// Parses the FRED API's answer to series/observations. An error answer
/// ({"error_code":..,"error_message":..}) is returned as its message.
std::string parse_fred_json(std::string_view text, std::vector<observation>& out);

/// Why an HTTP answer with `status` other than 200 failed: FRED's
/// error_message when the body carries one, else a short excerpt.
std::string fred_http_error(unsigned status, std::string_view body);

/// Reads and parses the CSV file at `path` (blocking; the file is small).
series_result read_fred_csv_file(const std::string& path);

} // namespace tn
