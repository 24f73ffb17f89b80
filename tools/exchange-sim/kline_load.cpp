#include "tools/exchange-sim/kline_load.hpp"

#include "tools/exchange-sim/kline_reader.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace tn::sim {

namespace {

constexpr int64_t default_first_trade_id = 1'000'000;

// A dump row's length, for reserving room for the rows of a text.
constexpr size_t typical_row_chars = 120;

/// Fixes each column kind's scale at the most decimals seen, checks the bars
/// and derives the grids.
bool finish(std::vector<kline_row>& rows, kline_series& out, std::string& error) {
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
    auto where = [i] { return "bar " + std::to_string(i + 1) + ": "; };
    if (k.close_time - k.open_time != minute_ms - 1) {
      error = where() + "not a 1m bar (close time - open time != 59999 ms)";
      return false;
    }
    if (!out.bars.empty() && k.open_time <= out.bars.back().open_time) {
      error = where() + "open time not after the previous bar's";
      return false;
    }
    if (k.high < std::max(k.open, k.close) || k.low > std::min(k.open, k.close)) {
      error = where() + "open/close outside [low, high]";
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
  std::vector<kline_row> rows;
  rows.reserve(text.size() / typical_row_chars + 1);
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
    kline_row r;
    if (!parse_kline_row(line, r)) {
      error = "line " + std::to_string(line_no) + ": not a kline row";
      return false;
    }
    rows.push_back(r);
  }
  return finish(rows, out, error);
}

bool parse_kline_json(std::string_view text, kline_series& out, std::string& error) {
  std::vector<kline_row> rows;
  return parse_kline_json_rows(text, rows, error) && finish(rows, out, error);
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

bool kline_spec(std::string_view spec, std::string& symbol, std::string& path,
                std::string& error) {
  path = std::string{spec};
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
  return true;
}

bool load_klines(std::string_view spec, kline_series& out, std::string& error) {
  std::string symbol;
  std::string path;
  if (!kline_spec(spec, symbol, path, error))
    return false;
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
