#include "tools/exchange-sim/kline_reader.hpp"

#include "tools/exchange-sim/kline.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>

namespace tn::sim {

namespace {

// Epoch values this large are microseconds (1e14 ms is the year 5138).
constexpr int64_t micros_threshold = 100'000'000'000'000;

// The read buffer, and so the longest line; a kline row has about 130
// characters.
constexpr size_t buffer_size = size_t{1} << 18;

// The tail read for a file's last row.
constexpr long tail_size = 4096;

constexpr int64_t no_previous = std::numeric_limits<int64_t>::min();

bool parse_int(std::string_view text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

/// True if a field ending at `stop` is followed by its separator; `p`
/// moves past it.
bool separator(const char* stop, const char* end, bool last_field, const char*& p) {
  if (stop != end && *stop == ',') {
    p = stop + 1;
    return true;
  }
  p = stop;
  return last_field && stop == end;
}

/// Reads the integer field at `p` and the separator after it: ',' for all
/// but the last field, the end or ',' for the last.
bool int_field(const char*& p, const char* end, int64_t& out, bool last_field = false) {
  // Up to 18 digits cannot overflow; anything else goes through from_chars.
  constexpr ptrdiff_t safe_digits = 18;
  auto q = p;
  int64_t v = 0;
  for (; q != end && q - p < safe_digits && static_cast<unsigned>(*q - '0') < 10; ++q)
    v = v * 10 + (*q - '0');
  if (q == p || (q != end && static_cast<unsigned>(*q - '0') < 10)) {
    auto [ptr, ec] = std::from_chars(p, end, v);
    if (ec != std::errc{} || ptr == p)
      return false;
    q = ptr;
  }
  out = v;
  return separator(q, end, last_field, p);
}

bool decimal_field(const char*& p, const char* end, parsed_decimal& out,
                   bool last_field = false) {
  auto stop = p == end ? nullptr : parse_decimal_prefix(p, end, out);
  return stop != nullptr && separator(stop, end, last_field, p);
}

/// -1, 0 or 1 as a is below, equal to or above b.
int compare(const parsed_decimal& a, const parsed_decimal& b) {
  if (a.decimals == b.decimals)
    return a.digits < b.digits ? -1 : (a.digits > b.digits ? 1 : 0);
  int scale = std::max(a.decimals, b.decimals);
  auto x = rescale(a.digits, a.decimals, scale);
  auto y = rescale(b.digits, b.decimals, scale);
  return x < y ? -1 : (x > y ? 1 : 0);
}

const parsed_decimal& larger(const parsed_decimal& a, const parsed_decimal& b) {
  return compare(a, b) >= 0 ? a : b;
}

const parsed_decimal& smaller(const parsed_decimal& a, const parsed_decimal& b) {
  return compare(a, b) <= 0 ? a : b;
}

std::string_view trim_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  return line;
}

/// The time field of a line: its first.
bool open_time_of(std::string_view line, int64_t& open) {
  auto comma = line.find(',');
  if (comma == std::string_view::npos || !parse_int(line.substr(0, comma), open))
    return false;
  open = to_millis(open);
  return true;
}

} // namespace

int64_t to_millis(int64_t t) {
  return t >= micros_threshold ? t / 1000 : t;
}

bool parse_kline_row(std::string_view line, kline_row& r) {
  auto p = line.data();
  auto end = p + line.size();
  return int_field(p, end, r.open_time) && decimal_field(p, end, r.open)
         && decimal_field(p, end, r.high) && decimal_field(p, end, r.low)
         && decimal_field(p, end, r.close) && decimal_field(p, end, r.volume)
         && int_field(p, end, r.close_time) && decimal_field(p, end, r.quote_volume)
         && int_field(p, end, r.trades) && decimal_field(p, end, r.taker_base)
         && decimal_field(p, end, r.taker_quote, true);
}

const char* kline_row_problem(const kline_row& r, int64_t previous_open) {
  if (r.close_time - r.open_time != minute_ms - 1)
    return "not a 1m bar (close time - open time != 59999 ms)";
  if (r.open_time <= previous_open)
    return "open time not after the previous row's";
  if (compare(r.high, larger(r.open, r.close)) < 0 || compare(r.low, smaller(r.open, r.close)) > 0)
    return "open/close outside [low, high]";
  return nullptr;
}

bool parse_kline_json_rows(std::string_view text, std::vector<kline_row>& out,
                           std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text.data(), text.size()).get(doc)) {
    error = std::string{"invalid JSON: "} + simdjson::error_message(err);
    return false;
  }
  simdjson::dom::array rows;
  if (doc.get_array().get(rows)) {
    error = "not a JSON array";
    return false;
  }
  for (auto elem : rows) {
    simdjson::dom::array row;
    kline_row r;
    auto integer = [&](size_t i, int64_t& x) { return !row.at(i).get_int64().get(x); };
    auto decimal = [&](size_t i, parsed_decimal& x) {
      std::string_view s;
      return !row.at(i).get_string().get(s) && parse_decimal(s, x);
    };
    if (elem.get_array().get(row) || row.size() < 11
        || !(integer(0, r.open_time) && decimal(1, r.open) && decimal(2, r.high)
             && decimal(3, r.low) && decimal(4, r.close) && decimal(5, r.volume)
             && integer(6, r.close_time) && decimal(7, r.quote_volume) && integer(8, r.trades)
             && decimal(9, r.taker_base) && decimal(10, r.taker_quote))) {
      error = "row " + std::to_string(out.size() + 1) + ": not a kline row";
      return false;
    }
    out.push_back(r);
  }
  return true;
}

kline_reader::kline_reader() : file_(nullptr, &std::fclose), previous_open_(no_previous) {
}

kline_reader::~kline_reader() = default;
kline_reader::kline_reader(kline_reader&&) noexcept = default;
kline_reader& kline_reader::operator=(kline_reader&&) noexcept = default;

bool kline_reader::fail(std::string& error, const std::string& why) const {
  error = path_ + (json_ ? ": row " : ":") + std::to_string(line_) + ": " + why;
  return false;
}

bool kline_reader::open(const std::string& path, std::string& error) {
  path_ = path;
  file_.reset(std::fopen(path.c_str(), "rb"));
  if (!file_) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  buf_.resize(buffer_size);
  begin_ = end_ = 0;
  eof_ = json_ = false;
  json_rows_.clear();
  json_next_ = 0;
  line_ = 0;
  previous_open_ = no_previous;
  // JSON if the text starts with '['.
  if (!fill(error))
    return false;
  auto text = std::string_view{buf_.data(), end_};
  auto first = text.find_first_not_of(" \t\r\n");
  json_ = first != std::string_view::npos && text[first] == '[';
  return !json_ || read_json(error);
}

bool kline_reader::fill(std::string& error) {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  auto n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_.get());
  end_ += n;
  if (n == 0) {
    if (std::ferror(file_.get())) {
      error = "cannot read " + path_;
      return false;
    }
    eof_ = true;
  }
  return true;
}

kline_reader::got kline_reader::read_line(std::string_view& line, std::string& error) {
  for (;;) {
    auto start = buf_.data() + begin_;
    if (auto nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_))) {
      auto n = static_cast<size_t>(nl - start);
      line = {start, n};
      begin_ += n + 1;
      return got::line;
    }
    if (eof_) {
      if (begin_ == end_)
        return got::end;
      line = {start, end_ - begin_};
      begin_ = end_;
      return got::line;
    }
    if (begin_ == 0 && end_ == buf_.size())
      return got::too_long;
    if (!fill(error))
      return got::end;
  }
}

bool kline_reader::content_line(std::string_view& line, std::string& error) {
  for (;;) {
    error.clear();
    auto r = read_line(line, error);
    if (r == got::end)
      return false;
    ++line_;
    if (r == got::too_long)
      return fail(error, "not a kline row (longer than " + std::to_string(buffer_size)
                           + " characters)");
    line = trim_line(line);
    if (line.empty())
      continue;
    // Futures dumps start with a header row; spot dumps have none.
    if (line_ == 1 && !std::isdigit(static_cast<unsigned char>(line.front())))
      continue;
    return true;
  }
}

bool kline_reader::read_json(std::string& error) {
  std::string text{buf_.data() + begin_, end_ - begin_};
  while (!eof_) {
    begin_ = end_ = 0;
    if (!fill(error))
      return false;
    text.append(buf_.data(), end_);
  }
  file_.reset();
  buf_.clear();
  buf_.shrink_to_fit();
  begin_ = end_ = 0;
  if (!parse_kline_json_rows(text, json_rows_, error)) {
    error = path_ + ": " + error;
    return false;
  }
  return true;
}

bool kline_reader::next(kline_row& row, std::string& error) {
  error.clear();
  if (json_) {
    if (json_next_ == json_rows_.size())
      return false;
    row = json_rows_[json_next_++];
    ++line_;
  } else {
    std::string_view line;
    if (!content_line(line, error))
      return false;
    if (!parse_kline_row(line, row))
      return fail(error, "not a kline row");
  }
  row.open_time = to_millis(row.open_time);
  row.close_time = to_millis(row.close_time);
  if (auto why = kline_row_problem(row, previous_open_))
    return fail(error, why);
  previous_open_ = row.open_time;
  return true;
}

bool kline_reader::count(int64_t first_open, int64_t last_open, uint64_t& n, std::string& error) {
  kline_row row;
  if (json_) {
    while (next(row, error))
      if (row.open_time >= first_open && row.open_time <= last_open)
        ++n;
    return error.empty();
  }
  std::string_view line;
  int64_t open = 0;
  while (content_line(line, error)) {
    if (!open_time_of(line, open))
      return fail(error, "not a kline row");
    if (open > last_open)
      return true;
    if (open >= first_open)
      ++n;
  }
  return error.empty();
}

bool kline_file_bounds(const std::string& path, int64_t& first_open, int64_t& last_open,
                       std::string& error) {
  kline_reader reader;
  if (!reader.open(path, error))
    return false;
  kline_row row;
  if (!reader.next(row, error)) {
    if (error.empty())
      error = path + ": no bars";
    return false;
  }
  first_open = last_open = row.open_time;
  if (reader.json()) {
    while (reader.next(row, error))
      last_open = row.open_time;
    return error.empty();
  }
  // The last line with content, from the file's tail.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::fopen(path.c_str(), "rb"),
                                                       &std::fclose};
  if (!file || std::fseek(file.get(), 0, SEEK_END) != 0) {
    error = "cannot read " + path;
    return false;
  }
  auto size = std::ftell(file.get());
  auto from = std::max(0L, size - tail_size);
  std::string tail(static_cast<size_t>(size - from), '\0');
  if (std::fseek(file.get(), from, SEEK_SET) != 0
      || std::fread(tail.data(), 1, tail.size(), file.get()) != tail.size()) {
    error = "cannot read " + path;
    return false;
  }
  std::string_view text = tail;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  auto start = text.find_last_of('\n');
  auto line = start == std::string_view::npos ? text : text.substr(start + 1);
  if ((start == std::string_view::npos && from > 0) || !parse_kline_row(line, row)) {
    error = path + ": the last line is not a kline row";
    return false;
  }
  last_open = to_millis(row.open_time);
  return true;
}

bool count_klines(const std::string& path, int64_t first_open, int64_t last_open,
                  uint64_t& count, std::string& error) {
  kline_reader reader;
  count = 0;
  return reader.open(path, error) && reader.count(first_open, last_open, count, error);
}

} // namespace tn::sim
