#include "actors/derivatives/derivs_files.hpp"

#include "runtime/civil_date.hpp"
#include "runtime/time_format.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tn {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string at(const std::string& name, size_t line, const std::string& why) {
  return fmt::format("{}:{}: {}", name, line, why);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool parse_int(std::string_view s, int64_t& out) {
  auto [end, err] = std::from_chars(s.data(), s.data() + s.size(), out);
  return err == std::errc{} && end == s.data() + s.size();
}

bool fixed_digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size() || !all_digits(s.substr(pos, n)))
    return false;
  return parse_int(s.substr(pos, n), out);
}

/// `YYYY-MM-DD HH:MM:SS[.f...]` (T for the space, Z at the end allowed) or
/// epoch milliseconds.
bool parse_time(std::string_view s, timestamp& out) {
  if (all_digits(s)) {
    int64_t ms = 0;
    if (!parse_int(s, ms))
      return false;
    out = from_unix_ms(ms);
    return true;
  }
  if (!s.empty() && s.back() == 'Z')
    s.remove_suffix(1);
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 19 || !fixed_digits(s, 0, 4, y) || s[4] != '-' || !fixed_digits(s, 5, 2, mo)
      || s[7] != '-' || !fixed_digits(s, 8, 2, d) || (s[10] != ' ' && s[10] != 'T')
      || !fixed_digits(s, 11, 2, h) || s[13] != ':' || !fixed_digits(s, 14, 2, mi) || s[16] != ':'
      || !fixed_digits(s, 17, 2, sec))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
    return false;
  int64_t ns = 0;
  if (s.size() > 19) {
    auto frac = s.substr(20);
    if (s[19] != '.' || frac.empty() || frac.size() > 9 || !all_digits(frac))
      return false;
    parse_int(frac, ns);
    for (auto n = frac.size(); n < 9; ++n)
      ns *= 10;
  }
  auto days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  out = timestamp{std::chrono::duration_cast<timespan>(
                    std::chrono::seconds{days * 86400 + h * 3600 + mi * 60 + sec})
                  + std::chrono::nanoseconds{ns}};
  return true;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    auto pos = line.find(sep, start);
    out.push_back(line.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos)
      return out;
    start = pos + 1;
  }
}

/// Calls `row(line_no, fields)` for every non-empty line of the CSV `text`
/// (LF or CR LF line ends), its fields split at commas, until `row` returns
/// false; returns the number of the last line read.
template <class F>
size_t each_csv_row(std::string_view text, F row) {
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    auto line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (!line.empty() && !row(line_no, split(line, ',')))
      break;
  }
  return line_no;
}

/// The line on which each top-level array element of `text` begins (for
/// errors; JSON values carry no position of their own).
std::vector<size_t> element_lines(std::string_view text) {
  std::vector<size_t> out;
  size_t line = 1;
  int depth = 0;
  bool in_string = false, escaped = false, expect = false;
  for (char c : text) {
    if (c == '\n')
      ++line;
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (depth == 1 && expect && !space && c != ']') {
      out.push_back(line);
      expect = false;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (depth == 0 && c == '[')
        expect = true;
      ++depth;
    } else if (c == ']' || c == '}')
      --depth;
    else if (c == ',' && depth == 1)
      expect = true;
  }
  return out;
}

/// A fixed-point value from a decimal string or a JSON number.
bool json_decimal(object obj, std::string_view key, decimal& out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS)
    return false;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) {
    auto d = decimal::parse(text);
    if (!d)
      return false;
    out = *d;
    return true;
  }
  double x = 0;
  if (value.get_double().get(x) != simdjson::SUCCESS)
    return false;
  // The number as its publisher wrote it: the shortest text that reads back
  // as the same double (5929801270.000561, not the double's own binary
  // digits), exact when it has at most 8 decimals; else the nearest 1e-8.
  if (auto shortest = decimal::parse(fmt::format("{}", x))) {
    out = *shortest;
    return true;
  }
  auto d = decimal::from_double(x);
  if (!d)
    return false;
  out = *d;
  return true;
}

/// Milliseconds as a JSON integer or a string of digits.
bool json_ms(object obj, std::string_view key, timestamp& out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS)
    return false;
  int64_t ms = 0;
  std::string_view text;
  if (value.get_int64().get(ms) == simdjson::SUCCESS) {
    out = from_unix_ms(ms);
    return true;
  }
  if (value.get_string().get(text) != simdjson::SUCCESS || !all_digits(text)
      || !parse_int(text, ms))
    return false;
  out = from_unix_ms(ms);
  return true;
}

/// A finite, non-negative double from its text (a whole field).
bool share_text(std::string_view text, double& out) {
  if (text.empty())
    return false;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

/// A finite, non-negative double from a decimal string or a JSON number.
bool json_share(object obj, std::string_view key, double& out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS)
    return false;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS)
    return share_text(text, out);
  return value.get_double().get(out) == simdjson::SUCCESS && std::isfinite(out) && out >= 0;
}

/// Reads a JSON array of objects, each through `read` (false with the
/// reason), checking strictly ascending times.
template <class T, class Read>
bool parse_json_rows(std::string_view text, const std::string& name, std::vector<T>& out,
                     std::string& error, Read read) {
  out.clear();
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  if (parser.parse(text.data(), text.size()).get_array().get(rows) != simdjson::SUCCESS) {
    error = at(name, 1, "not a JSON array");
    return false;
  }
  auto lines = element_lines(text);
  size_t index = 0;
  for (auto value : rows) {
    auto line = index < lines.size() ? lines[index] : 1;
    ++index;
    object obj;
    if (value.get_object().get(obj) != simdjson::SUCCESS) {
      error = at(name, line, fmt::format("entry {} is not an object", index));
      out.clear();
      return false;
    }
    T row;
    std::string why = read(obj, row);
    if (why.empty() && !out.empty() && row.time <= out.back().time)
      why = "time " + format_timestamp_seconds(row.time) + " is not after the entry before";
    if (!why.empty()) {
      error = at(name, line, fmt::format("entry {}: {}", index, why));
      out.clear();
      return false;
    }
    out.push_back(std::move(row));
  }
  if (out.empty()) {
    error = at(name, 1, "no entries");
    return false;
  }
  return true;
}

std::string read_funding_json(object obj, funding_event& row) {
  // The REST body (fundingTime, fundingRate as a string) or the re-encoded
  // one (time, rate as a number).
  bool rest = obj["fundingTime"].error() == simdjson::SUCCESS;
  auto time_key = rest ? "fundingTime" : "time";
  auto rate_key = rest ? "fundingRate" : "rate";
  if (!json_ms(obj, time_key, row.time))
    return fmt::format("no millisecond \"{}\" (expected fundingTime or time)", time_key);
  if (!json_decimal(obj, rate_key, row.rate))
    return fmt::format("\"{}\" is not a decimal of at most 8 places", rate_key);
  return {};
}

std::string read_oi_json(object obj, oi_point& row) {
  bool rest = obj["timestamp"].error() == simdjson::SUCCESS;
  auto time_key = rest ? "timestamp" : "time";
  auto oi_key = rest ? "sumOpenInterest" : "openInterest";
  auto value_key = rest ? "sumOpenInterestValue" : "openInterestValue";
  if (!json_ms(obj, time_key, row.time))
    return fmt::format("no millisecond \"{}\" (expected timestamp or time)", time_key);
  if (!json_decimal(obj, oi_key, row.open_interest) || row.open_interest.is_negative())
    return fmt::format("\"{}\" is not a non-negative decimal", oi_key);
  if (obj[value_key].error() == simdjson::SUCCESS) {
    decimal v;
    if (!json_decimal(obj, value_key, v))
      return fmt::format("\"{}\" is not a decimal", value_key);
    row.value = v;
  }
  return {};
}

std::string read_long_short_json(object obj, long_short_point& row) {
  // The REST body (timestamp, longShortRatio, strings) or the re-encoded
  // one (time, ratio, numbers).
  bool rest = obj["timestamp"].error() == simdjson::SUCCESS;
  auto time_key = rest ? "timestamp" : "time";
  auto ratio_key = rest ? "longShortRatio" : "ratio";
  if (!json_ms(obj, time_key, row.time))
    return fmt::format("no millisecond \"{}\" (expected timestamp or time)", time_key);
  for (auto [key, into] : {std::pair{ratio_key, &row.ratio},
                           std::pair{"longAccount", &row.long_account},
                           std::pair{"shortAccount", &row.short_account}})
    if (!json_share(obj, key, *into))
      return fmt::format("\"{}\" is not a non-negative number", key);
  return {};
}

bool parse_funding_csv(std::string_view text, const std::string& name,
                       std::vector<funding_event>& out, std::string& error) {
  out.clear();
  int time_col = -1, rate_col = -1;
  size_t columns = 0;
  bool failed = false;
  auto fail = [&](size_t line, const std::string& why) {
    error = at(name, line, why);
    out.clear();
    failed = true;
    return false;
  };
  auto last_line = each_csv_row(text, [&](size_t line_no,
                                          const std::vector<std::string_view>& cols) {
    if (time_col < 0) {
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i] == "fundingTime")
          time_col = static_cast<int>(i);
        else if (cols[i] == "fundingRate")
          rate_col = static_cast<int>(i);
      }
      if (time_col < 0 || rate_col < 0)
        return fail(line_no, "expected the header fundingTime,fundingRate");
      columns = cols.size();
      return true;
    }
    if (cols.size() != columns)
      return fail(line_no, fmt::format("{} columns, the header has {}", cols.size(), columns));
    funding_event row;
    auto time_text = cols[static_cast<size_t>(time_col)];
    if (!parse_time(time_text, row.time))
      return fail(line_no, "fundingTime '" + std::string{time_text}
                             + "' is neither YYYY-MM-DD HH:MM:SS[.ffffff] nor milliseconds");
    auto rate_text = cols[static_cast<size_t>(rate_col)];
    auto rate = decimal::parse(rate_text);
    if (!rate)
      return fail(line_no, "fundingRate '" + std::string{rate_text}
                             + "' is not a decimal of at most 8 places");
    row.rate = *rate;
    if (!out.empty() && row.time <= out.back().time)
      return fail(line_no,
                  "fundingTime " + std::string{time_text} + " is not after the row before");
    out.push_back(row);
    return true;
  });
  if (failed)
    return false;
  if (time_col < 0) {
    error = at(name, 1, "empty file");
    return false;
  }
  if (out.empty()) {
    error = at(name, last_line, "no funding rows after the header");
    return false;
  }
  return true;
}

/// The long/short CSV: a header naming the columns, then one row per point.
bool parse_long_short_csv(std::string_view text, const std::string& name,
                          std::vector<long_short_point>& out, std::string& error) {
  out.clear();
  // Column of: time, ratio, longAccount, shortAccount.
  struct column {
    std::string_view name, alias;
    int index = -1;
    std::string header; // as the file names it, for errors
  };
  column cols[] = {{"timestamp", "time", -1, {}},
                   {"longShortRatio", "ratio", -1, {}},
                   {"longAccount", "longAccount", -1, {}},
                   {"shortAccount", "shortAccount", -1, {}}};
  size_t width = 0;
  bool have_header = false, failed = false;
  auto fail = [&](size_t line, const std::string& why) {
    error = at(name, line, why);
    out.clear();
    failed = true;
    return false;
  };
  auto last_line = each_csv_row(text, [&](size_t line_no,
                                          const std::vector<std::string_view>& fields) {
    if (!have_header) {
      for (size_t i = 0; i < fields.size(); ++i)
        for (auto& c : cols)
          if (c.index < 0 && (fields[i] == c.name || fields[i] == c.alias)) {
            c.index = static_cast<int>(i);
            c.header = std::string{fields[i]};
          }
      for (auto& c : cols)
        if (c.index < 0)
          return fail(line_no, "expected a header naming timestamp (or time), longShortRatio "
                               "(or ratio), longAccount and shortAccount; no column "
                               + std::string{c.name});
      width = fields.size();
      have_header = true;
      return true;
    }
    if (fields.size() != width)
      return fail(line_no, fmt::format("{} columns, the header has {}", fields.size(), width));
    long_short_point row;
    auto time_text = fields[static_cast<size_t>(cols[0].index)];
    if (!parse_time(time_text, row.time))
      return fail(line_no, cols[0].header + " '" + std::string{time_text}
                             + "' is neither YYYY-MM-DD HH:MM:SS[.ffffff] nor milliseconds");
    double* into[] = {&row.ratio, &row.long_account, &row.short_account};
    for (size_t k = 0; k < 3; ++k) {
      auto value = fields[static_cast<size_t>(cols[k + 1].index)];
      if (!share_text(value, *into[k]))
        return fail(line_no, cols[k + 1].header + " '" + std::string{value}
                               + "' is not a non-negative number");
    }
    if (!out.empty() && row.time <= out.back().time)
      return fail(line_no, cols[0].header + " " + std::string{time_text}
                             + " is not after the row before");
    out.push_back(row);
    return true;
  });
  if (failed)
    return false;
  if (!have_header) {
    error = at(name, 1, "empty file");
    return false;
  }
  if (out.empty()) {
    error = at(name, last_line, "no long/short ratio rows after the header");
    return false;
  }
  return true;
}

std::string_view first_char(std::string_view text) {
  auto p = text.find_first_not_of(" \t\r\n");
  return p == std::string_view::npos ? std::string_view{} : text.substr(p, 1);
}

} // namespace

bool parse_funding_file(std::string_view text, const std::string& name,
                        std::vector<funding_event>& out, std::string& error) {
  if (first_char(text) == "[")
    return parse_json_rows<funding_event>(text, name, out, error, read_funding_json);
  return parse_funding_csv(text, name, out, error);
}

bool parse_open_interest_file(std::string_view text, const std::string& name,
                              std::vector<oi_point>& out, std::string& error) {
  if (first_char(text) != "[") {
    error = at(name, 1, "expected a JSON array (openInterestHist); CSV open interest files "
                        "(data.binance.vision metrics) are not read");
    return false;
  }
  return parse_json_rows<oi_point>(text, name, out, error, read_oi_json);
}

bool parse_long_short_file(std::string_view text, const std::string& name,
                           std::vector<long_short_point>& out, std::string& error) {
  if (first_char(text) == "[")
    return parse_json_rows<long_short_point>(text, name, out, error, read_long_short_json);
  return parse_long_short_csv(text, name, out, error);
}

} // namespace tn
