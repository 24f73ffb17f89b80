#include "actors/market_replay/replay_data.hpp"

#include "actors/market_store/aggregate.hpp"
#include "tools/exchange-sim/kline_load.hpp"

#include <algorithm>
#include <cstdlib>

namespace tn {

namespace {

constexpr timespan one_minute = std::chrono::minutes{1};

/// A file's exact decimal as the double the market data carries: the
/// nearest double to the written digits.
double to_double(sim::units value, int scale) {
  auto text = sim::format_fixed(value, scale);
  return std::strtod(text.c_str(), nullptr);
}

timestamp from_millis(int64_t ms) {
  return timestamp{std::chrono::duration_cast<timespan>(std::chrono::milliseconds{ms})};
}

std::vector<candle> to_candles(const sim::kline_series& series) {
  std::vector<candle> result;
  result.reserve(series.bars.size());
  auto& sc = series.scale;
  for (auto& k : series.bars) {
    candle c;
    c.symbol = series.symbol;
    c.span = interval::m1;
    c.open_time = from_millis(k.open_time);
    c.open = to_double(k.open, sc.price);
    c.high = to_double(k.high, sc.price);
    c.low = to_double(k.low, sc.price);
    c.close = to_double(k.close, sc.price);
    c.volume = to_double(k.volume, sc.qty);
    c.quote_volume = to_double(k.quote_volume, sc.quote);
    c.trades = static_cast<uint64_t>(k.trades);
    c.taker_buy_volume = to_double(k.taker_base, sc.qty);
    c.closed = true;
    result.push_back(std::move(c));
  }
  return result;
}

const std::vector<candle> no_bars;

} // namespace

bool replay_data::load(const std::vector<std::string>& specs, std::string& error) {
  std::vector<sim::kline_series> all;
  for (auto& spec : specs) {
    sim::kline_series series;
    if (!sim::load_klines(spec, series, error)) {
      error = spec + ": " + error;
      return false;
    }
    all.push_back(std::move(series));
  }
  if (!sim::merge_series(all, error))
    return false;
  for (auto& series : all)
    add(series.symbol, to_candles(series));
  return true;
}

void replay_data::add(const std::string& symbol, std::vector<candle> bars) {
  bars_[symbol] = std::move(bars);
}

std::vector<std::string> replay_data::symbols() const {
  std::vector<std::string> result;
  for (auto& [name, bars] : bars_)
    result.push_back(name);
  return result;
}

timestamp replay_data::first_open() const {
  timestamp result{};
  bool any = false;
  for (auto& [name, bars] : bars_)
    if (!bars.empty() && (!any || bars.front().open_time < result)) {
      result = bars.front().open_time;
      any = true;
    }
  return result;
}

timestamp replay_data::last_close() const {
  timestamp result{};
  for (auto& [name, bars] : bars_)
    if (!bars.empty())
      result = std::max(result, bars.back().open_time + one_minute);
  return result;
}

uint64_t replay_data::size() const {
  uint64_t n = 0;
  for (auto& [name, bars] : bars_)
    n += bars.size();
  return n;
}

const std::vector<candle>& replay_data::bars(const std::string& symbol) const {
  auto i = bars_.find(symbol);
  return i == bars_.end() ? no_bars : i->second;
}

std::vector<candle> replay_data::history(const bar_request& req, timestamp as_of) const {
  std::vector<candle> result;
  auto& minutes = bars(req.symbol);
  auto by_open = [](const candle& c, timestamp t) { return c.open_time < t; };
  auto len = length_of(req.span);
  for (auto open = req.first; open <= req.last; open += len) {
    // Only what had closed when the store asked.
    if (open + len > as_of)
      break;
    auto from = std::lower_bound(minutes.begin(), minutes.end(), open, by_open);
    auto to = std::lower_bound(from, minutes.end(), open + len, by_open);
    if (from == to)
      continue;
    if (req.span == interval::m1) {
      result.push_back(*from);
      continue;
    }
    if (auto bar = aggregate(std::vector<candle>(from, to), req.span, open))
      result.push_back(std::move(*bar));
  }
  return result;
}

replay_cursor::replay_cursor(const replay_data& data, timestamp from, timestamp to) {
  auto by_open = [](const candle& c, timestamp t) { return c.open_time < t; };
  for (auto& symbol : data.symbols()) {
    auto& bars = data.bars(symbol);
    auto first = std::lower_bound(bars.begin(), bars.end(), from, by_open);
    auto last = std::lower_bound(first, bars.end(), to - one_minute + timespan{1}, by_open);
    lane l{&bars, static_cast<size_t>(first - bars.begin()),
           static_cast<size_t>(last - bars.begin())};
    total_ += l.end - l.pos;
    lanes_.push_back(l);
  }
}

bool replay_cursor::next(timestamp& time, std::vector<candle>& closed) {
  closed.clear();
  bool any = false;
  timestamp open{};
  for (auto& l : lanes_)
    if (l.pos < l.end && (!any || (*l.bars)[l.pos].open_time < open)) {
      open = (*l.bars)[l.pos].open_time;
      any = true;
    }
  if (!any)
    return false;
  for (auto& l : lanes_)
    if (l.pos < l.end && (*l.bars)[l.pos].open_time == open)
      closed.push_back((*l.bars)[l.pos++]);
  done_ += closed.size();
  time = open + one_minute;
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
