#include "actors/macro_regime/fred_series.hpp"

#include "runtime/json/json_read.hpp"
#include "runtime/civil_date.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace tn {

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
    s = s.substr(1, s.size() - 2);
  return s;
}

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// "." or "" is missing; otherwise a finite number, else false.
bool parse_value(std::string_view text, double& out) {
  if (text.empty() || text == ".") {
    out = missing;
    return true;
  }
  std::string copy{text};
  char* end = nullptr;
  errno = 0;
  out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && errno == 0 && std::isfinite(out);
}

std::string short_text(std::string_view s) {
  return json_read::for_log(s, 80);
}

/// Sorts by date; why if a date repeats.
std::string sort_unique(std::vector<observation>& out) {
  std::stable_sort(out.begin(), out.end(),
                   [](const observation& a, const observation& b) { return a.date < b.date; });
  auto dup = std::adjacent_find(out.begin(), out.end(),
                                [](const observation& a, const observation& b) {
                                  return a.date == b.date;
                                });
  if (dup != out.end())
    return "date " + format_iso_date(dup->date) + " appears twice";
  return {};
}

} // namespace

bool parse_iso_date(std::string_view text, timestamp& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return false;
  auto digits = [&](size_t from, size_t n, unsigned& v) {
    v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i])))
        return false;
      v = v * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
  };
  unsigned y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d))
    return false;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return false;
  out = timestamp{std::chrono::hours{24} * days_from_civil(y, m, d)};
  return true;
}

std::string format_iso_date(timestamp t) {
  // H. Hinnant's civil_from_days.
  auto z = std::chrono::floor<std::chrono::hours>(t.time_since_epoch()).count();
  z = (z >= 0 ? z : z - 23) / 24 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string parse_fred_csv(std::string_view text, std::vector<observation>& out) {
  out.clear();
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    text.remove_prefix(3);
  bool header = false;
  size_t line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (trim(line).empty())
      continue;
    auto comma = line.find(',');
    if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos)
      return "line " + std::to_string(line_no) + ": expected two columns, got '"
             + short_text(line) + "'";
    auto first = trim(line.substr(0, comma));
    auto second = trim(line.substr(comma + 1));
    if (!header) {
      auto name = lower(first);
      if (name != "observation_date" && name != "date")
        return "line " + std::to_string(line_no)
               + ": expected the header observation_date,<SERIES> or DATE,VALUE, got '"
               + short_text(line) + "'";
      header = true;
      continue;
    }
    observation obs;
    if (!parse_iso_date(first, obs.date))
      return "line " + std::to_string(line_no) + ": '" + short_text(first)
             + "' is not a date (YYYY-MM-DD)";
    if (!parse_value(second, obs.value))
      return "line " + std::to_string(line_no) + ": value '" + short_text(second)
             + "' is not a number or '.'";
    out.push_back(obs);
  }
  if (!header)
    return "empty file: no header";
  return sort_unique(out);
}

std::string parse_fred_json(std::string_view text, std::vector<observation>& out) {
  out.clear();
  json_read::dom::parser parser;
  json_read::dom::element root;
  if (json_read::parse(parser, text).get(root) != simdjson::SUCCESS)
    return "not JSON: '" + short_text(text) + "'";
  json_read::dom::object obj;
  if (root.get(obj) != simdjson::SUCCESS)
    return "the answer is not a JSON object";
  std::string_view message;
  if (json_read::get(obj, "error_message", message))
    return "FRED: " + json_read::for_log(message, 200);
  json_read::dom::array rows;
  if (!json_read::get(obj, "observations", rows))
    return "no observations array in the answer";
  size_t i = 0;
  for (auto row : rows) {
    auto where = "observations[" + std::to_string(i++) + "]";
    json_read::dom::object o;
    if (row.get(o) != simdjson::SUCCESS)
      return where + " is not an object";
    std::string_view date;
    if (!json_read::get(o, "date", date))
      return where + ".date is missing or not a string";
    observation obs;
    if (!parse_iso_date(date, obs.date))
      return where + ".date '" + short_text(date) + "' is not a date (YYYY-MM-DD)";
    std::string_view value;
    double number = 0;
    if (json_read::get(o, "value", value)) {
      if (!parse_value(value, obs.value))
        return where + ".value '" + short_text(value) + "' is not a number or '.'";
    } else if (json_read::get(o, "value", number) && std::isfinite(number)) {
      obs.value = number;
    } else {
      return where + ".value is missing or not a number";
    }
    out.push_back(obs);
  }
  return sort_unique(out);
}

std::string fred_http_error(unsigned status, std::string_view body) {
  auto head = "HTTP " + std::to_string(status);
  json_read::dom::parser parser;
  json_read::dom::element root;
  json_read::dom::object obj;
  std::string_view message;
  if (json_read::parse(parser, body).get(root) == simdjson::SUCCESS
      && root.get(obj) == simdjson::SUCCESS && json_read::get(obj, "error_message", message))
    return head + ": " + json_read::for_log(message, 200);
  if (body.empty())
    return head;
  return head + ": " + json_read::for_log(body, 120);
}

series_result read_fred_csv_file(const std::string& path) {
  series_result r;
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    r.error = path + ": cannot open the file";
    return r;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    r.error = path + ": cannot read the file";
    return r;
  }
  if (auto why = parse_fred_csv(text.str(), r.observations); !why.empty()) {
    r.observations.clear();
    r.error = path + ": " + why;
  }
  return r;
}

} // namespace tn
