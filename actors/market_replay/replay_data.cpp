#include "actors/market_replay/replay_data.hpp"

#include "runtime/time_format.hpp"
#include "tools/exchange-sim/kline_load.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace tn {

namespace {

constexpr timespan one_minute = std::chrono::minutes{1};
constexpr int64_t ns_per_ms = 1'000'000;

/// The double nearest to a file's exact decimal, as the market data
/// carries it. Digits below 2^53 and a power of ten up to 1e22 are both
/// exact doubles, so their IEEE quotient is that nearest double; anything
/// longer goes through strtod, which rounds the same way.
double to_double(const sim::parsed_decimal& d) {
  static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr sim::units exact = sim::units{1} << 53;
  if (d.digits < exact && d.decimals < static_cast<int>(std::size(powers)))
    return static_cast<double>(static_cast<int64_t>(d.digits)) / powers[d.decimals];
  auto text = sim::format_fixed(d.digits, d.decimals);
  return std::strtod(text.c_str(), nullptr);
}

replay_bar to_bar(const sim::kline_row& row) {
  replay_bar b;
  b.open_ms = row.open_time;
  b.open = to_double(row.open);
  b.high = to_double(row.high);
  b.low = to_double(row.low);
  b.close = to_double(row.close);
  b.volume = to_double(row.volume);
  b.quote_volume = to_double(row.quote_volume);
  b.taker_buy_volume = to_double(row.taker_base);
  b.trades = static_cast<uint64_t>(row.trades);
  return b;
}

timestamp from_millis(int64_t ms) {
  return timestamp{std::chrono::duration_cast<timespan>(std::chrono::milliseconds{ms})};
}

/// `t` in whole ms, rounded down or up.
int64_t floor_ms(timestamp t) {
  auto ns = t.time_since_epoch().count();
  return ns / ns_per_ms - (ns % ns_per_ms < 0 ? 1 : 0);
}

int64_t ceil_ms(timestamp t) {
  auto ns = t.time_since_epoch().count();
  return ns / ns_per_ms + (ns % ns_per_ms > 0 ? 1 : 0);
}

std::string at_time(int64_t ms) {
  return format_timestamp_seconds(from_millis(ms));
}

} // namespace

replay_data::replay_data(size_t history_depth) : history_(history_depth) {
}

bool replay_data::load(const std::vector<std::string>& specs, std::string& error) {
  std::map<std::string, std::vector<file>> by_symbol;
  for (auto& spec : specs) {
    std::string symbol;
    file f;
    if (!sim::kline_spec(spec, symbol, f.path, error)
        || !sim::kline_file_bounds(f.path, f.first_open, f.last_open, error))
      return false;
    by_symbol[symbol].push_back(std::move(f));
  }
  symbols_.clear();
  for (auto& [symbol, files] : by_symbol) {
    std::sort(files.begin(), files.end(),
              [](const file& a, const file& b) { return a.first_open < b.first_open; });
    for (size_t i = 1; i < files.size(); ++i) {
      auto& before = files[i - 1];
      auto& after = files[i];
      if (after.first_open <= before.last_open) {
        error = symbol + ": " + after.path + " overlaps " + before.path + " (its first bar opens at "
                + at_time(after.first_open) + ", the other's last at "
                + at_time(before.last_open) + ")";
        return false;
      }
    }
    symbols_.push_back({symbol, std::move(files)});
  }
  history_.reset(symbols());
  return true;
}

std::vector<std::string> replay_data::symbols() const {
  std::vector<std::string> result;
  for (auto& s : symbols_)
    result.push_back(s.symbol);
  return result;
}

timestamp replay_data::first_open() const {
  timestamp result{};
  bool any = false;
  for (auto& s : symbols_) {
    auto t = from_millis(s.files.front().first_open);
    if (!any || t < result)
      result = t;
    any = true;
  }
  return result;
}

timestamp replay_data::last_close() const {
  timestamp result{};
  for (auto& s : symbols_)
    result = std::max(result, from_millis(s.files.back().last_open) + one_minute);
  return result;
}

std::vector<candle> replay_data::history(const bar_request& req, timestamp as_of) const {
  return history_.answer(req, as_of);
}

replay_cursor::replay_cursor(replay_data& data, timestamp from, timestamp to)
  : data_(data), last_open_(floor_ms(to - one_minute)) {
  auto first_open = ceil_ms(from);
  data_.history_.reset(data_.symbols());
  lanes_.resize(data_.symbols_.size());
  for (size_t i = 0; i < lanes_.size(); ++i) {
    auto& l = lanes_[i];
    l.files = &data_.symbols_[i];
    l.index = i;
    for (auto& f : l.files->files) {
      if (f.last_open < first_open || f.first_open > last_open_)
        continue;
      uint64_t n = 0;
      if (!sim::count_klines(f.path, first_open, last_open_, n, error_))
        return;
      total_ += n;
    }
    // The bars before the range are the warm-up history.
    while (read(l) && l.head.open_ms < first_open)
      data_.history_.add(l.index, l.head);
    if (!error_.empty())
      return;
  }
}

bool replay_cursor::read(lane& l) {
  l.ahead = false;
  sim::kline_row row;
  for (;;) {
    if (l.reading) {
      if (l.reader.next(row, error_))
        break;
      if (!error_.empty())
        return false;
      l.reading = false;
    }
    if (l.file == l.files->files.size())
      return false;
    if (!l.reader.open(l.files->files[l.file++].path, error_))
      return false;
    l.reading = true;
  }
  l.head = to_bar(row);
  l.ahead = l.head.open_ms <= last_open_;
  return true;
}

void replay_cursor::pass(lane& l) {
  data_.history_.add(l.index, l.head);
  read(l);
}

bool replay_cursor::next(timestamp& time, std::vector<candle>& closed) {
  closed.clear();
  if (!error_.empty())
    return false;
  bool any = false;
  int64_t open = 0;
  for (auto& l : lanes_)
    if (l.ahead && (!any || l.head.open_ms < open)) {
      open = l.head.open_ms;
      any = true;
    }
  if (!any)
    return false;
  for (auto& l : lanes_)
    if (l.ahead && l.head.open_ms == open) {
      closed.push_back(to_candle(l.files->symbol, interval::m1, l.head));
      pass(l);
    }
  done_ += closed.size();
  time = from_millis(open) + one_minute;
  return true;
}

tick_batch closed_batch(const std::vector<candle>& closed, timestamp time) {
  tick_batch batch;
  batch.ticks.reserve(closed.size());
  for (auto& bar : closed)
    batch.ticks.push_back(tick{bar.symbol, time, bar.open_time, bar.close, bar.volume});
  batch.closed = closed;
  return batch;
}

} // namespace tn
