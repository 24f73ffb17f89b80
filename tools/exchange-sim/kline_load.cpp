#include "tools/exchange-sim/kline_load.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace tn::sim {

namespace {

// Epoch values this large are microseconds (1e14 ms is the year 5138).
constexpr int64_t micros_threshold = 100'000'000'000'000;
constexpr int64_t default_first_trade_id = 1'000'000;

/// A row as written: decimals keep their own scale until the column's is known.
struct raw_row {
  int64_t open_time = 0;
  int64_t close_time = 0;
  int64_t trades = 0;
  parsed_decimal open, high, low, close, volume, quote_volume, taker_base, taker_quote;
};

int64_t to_millis(int64_t t) {
  return t >= micros_threshold ? t / 1000 : t;
}

bool parse_int(std::string_view text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

/// Fixes each column kind's scale at the most decimals seen, checks the bars
/// and derives the grids.
bool finish(std::vector<raw_row>& rows, kline_series& out, std::string& error) {
  scales sc{0, 0, 0};
  for (const auto& r : rows) {
    for (const auto* d : {&r.open, &r.high, &r.low, &r.close})
      sc.price = std::max(sc.price, d->decimals);
    sc.qty = std::max({sc.qty, r.volume.decimals, r.taker_base.decimals});
    sc.quote = std::max({sc.quote, r.quote_volume.decimals, r.taker_quote.decimals});
  }
  auto at = [](const parsed_decimal& d, int scale) { return rescale(d.digits, d.decimals, scale); };
  out.scale = sc;
  out.bars.clear();
  out.bars.reserve(rows.size());
  units tick = 0;
  units lot = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    kline k;
    k.open_time = to_millis(r.open_time);
    k.close_time = to_millis(r.close_time);
    k.open = at(r.open, sc.price);
    k.high = at(r.high, sc.price);
    k.low = at(r.low, sc.price);
    k.close = at(r.close, sc.price);
    k.volume = at(r.volume, sc.qty);
    k.taker_base = at(r.taker_base, sc.qty);
    k.quote_volume = at(r.quote_volume, sc.quote);
    k.taker_quote = at(r.taker_quote, sc.quote);
    k.trades = r.trades;
    auto where = "bar " + std::to_string(i + 1) + ": ";
    if (k.close_time - k.open_time != minute_ms - 1) {
      error = where + "not a 1m bar (close time - open time != 59999 ms)";
      return false;
    }
    if (!out.bars.empty() && k.open_time <= out.bars.back().open_time) {
      error = where + "open time not after the previous bar's";
      return false;
    }
    if (k.high < std::max(k.open, k.close) || k.low > std::min(k.open, k.close)) {
      error = where + "open/close outside [low, high]";
      return false;
    }
    for (units p : {k.open, k.high, k.low, k.close})
      tick = gcd(tick, p);
    lot = gcd(gcd(lot, k.volume), k.taker_base);
    out.bars.push_back(k);
  }
  if (out.bars.empty()) {
    error = "no bars";
    return false;
  }
  out.tick = tick > 0 ? tick : 1;
  out.lot = lot > 0 ? lot : 1;
  assign_trade_ids(out, default_first_trade_id);
  return true;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  for (;;) {
    size_t next = line.find(sep, pos);
    out.push_back(line.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos)
      return out;
    pos = next + 1;
  }
}

bool parse_csv_row(std::string_view line, raw_row& r) {
  auto f = split(line, ',');
  if (f.size() < 11)
    return false;
  return parse_int(f[0], r.open_time) && parse_decimal(f[1], r.open)
         && parse_decimal(f[2], r.high) && parse_decimal(f[3], r.low)
         && parse_decimal(f[4], r.close) && parse_decimal(f[5], r.volume)
         && parse_int(f[6], r.close_time) && parse_decimal(f[7], r.quote_volume)
         && parse_int(f[8], r.trades) && parse_decimal(f[9], r.taker_base)
         && parse_decimal(f[10], r.taker_quote);
}

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

} // namespace

bool parse_kline_csv(std::string_view text, kline_series& out, std::string& error) {
  std::vector<raw_row> rows;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty())
      continue;
    // Futures dumps start with a header row; spot dumps have none.
    if (line_no == 1 && !std::isdigit(static_cast<unsigned char>(line.front())))
      continue;
    raw_row r;
    if (!parse_csv_row(line, r)) {
      error = "line " + std::to_string(line_no) + ": not a kline row";
      return false;
    }
    rows.push_back(r);
  }
  return finish(rows, out, error);
}

bool parse_kline_json(std::string_view text, kline_series& out, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text.data(), text.size()).get(doc)) {
    error = std::string{"invalid JSON: "} + simdjson::error_message(err);
    return false;
  }
  simdjson::dom::array rows_json;
  if (doc.get_array().get(rows_json)) {
    error = "not a JSON array";
    return false;
  }
  std::vector<raw_row> rows;
  for (auto row_elem : rows_json) {
    auto bad = [&] {
      error = "row " + std::to_string(rows.size() + 1) + ": not a kline row";
      return false;
    };
    simdjson::dom::array row;
    if (row_elem.get_array().get(row) || row.size() < 11)
      return bad();
    raw_row r;
    auto integer = [&](size_t i, int64_t& x) { return !row.at(i).get_int64().get(x); };
    auto decimal = [&](size_t i, parsed_decimal& x) {
      std::string_view s;
      return !row.at(i).get_string().get(s) && parse_decimal(s, x);
    };
    if (!(integer(0, r.open_time) && decimal(1, r.open) && decimal(2, r.high)
          && decimal(3, r.low) && decimal(4, r.close) && decimal(5, r.volume)
          && integer(6, r.close_time) && decimal(7, r.quote_volume) && integer(8, r.trades)
          && decimal(9, r.taker_base) && decimal(10, r.taker_quote)))
      return bad();
    rows.push_back(r);
  }
  return finish(rows, out, error);
}

std::string symbol_from_path(std::string_view path) {
  auto slash = path.find_last_of('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string symbol;
  for (char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)))
      break;
    symbol += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return symbol;
}

bool load_klines(std::string_view spec, kline_series& out, std::string& error) {
  std::string symbol;
  std::string path{spec};
  if (auto eq = spec.find('='); eq != std::string_view::npos) {
    symbol = symbol_from_path(spec.substr(0, eq));
    path = std::string{spec.substr(eq + 1)};
  } else {
    symbol = symbol_from_path(spec);
  }
  if (symbol.empty()) {
    error = std::string{spec} + ": no symbol in the file name (use SYMBOL=FILE)";
    return false;
  }
  std::string text;
  if (!read_file(path, text, error))
    return false;
  auto first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string::npos && text[first] == '[';
  if (!(json ? parse_kline_json(text, out, error) : parse_kline_csv(text, out, error))) {
    error = path + ": " + error;
    return false;
  }
  out.symbol = symbol;
  return true;
}

bool merge_series(std::vector<kline_series>& all, std::string& error) {
  std::vector<kline_series> merged;
  for (auto& s : all) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const kline_series& m) { return m.symbol == s.symbol; });
    if (same == merged.end()) {
      merged.push_back(std::move(s));
      continue;
    }
    scales sc{std::max(same->scale.price, s.scale.price), std::max(same->scale.qty, s.scale.qty),
              std::max(same->scale.quote, s.scale.quote)};
    auto lift = [&](kline_series& x) {
      for (auto& k : x.bars) {
        for (units* p : {&k.open, &k.high, &k.low, &k.close})
          *p = rescale(*p, x.scale.price, sc.price);
        for (units* q : {&k.volume, &k.taker_base})
          *q = rescale(*q, x.scale.qty, sc.qty);
        for (units* q : {&k.quote_volume, &k.taker_quote})
          *q = rescale(*q, x.scale.quote, sc.quote);
      }
      x.tick = rescale(x.tick, x.scale.price, sc.price);
      x.lot = rescale(x.lot, x.scale.qty, sc.qty);
      x.scale = sc;
    };
    lift(*same);
    lift(s);
    same->tick = gcd(same->tick, s.tick);
    same->lot = gcd(same->lot, s.lot);
    same->bars.insert(same->bars.end(), s.bars.begin(), s.bars.end());
    auto by_time = [](const kline& a, const kline& b) { return a.open_time < b.open_time; };
    std::sort(same->bars.begin(), same->bars.end(), by_time);
    auto dup = std::adjacent_find(same->bars.begin(), same->bars.end(),
                                  [](const kline& a, const kline& b) {
                                    return a.open_time == b.open_time;
                                  });
    if (dup != same->bars.end()) {
      error = same->symbol + ": two files hold the bar opening at " + std::to_string(dup->open_time);
      return false;
    }
    assign_trade_ids(*same, default_first_trade_id);
  }
  all = std::move(merged);
  return true;
}

void assign_trade_ids(kline_series& series, int64_t first_id) {
  for (auto& k : series.bars) {
    k.first_trade_id = k.trades > 0 ? first_id : -1;
    first_id += k.trades;
  }
}

} // namespace tn::sim
