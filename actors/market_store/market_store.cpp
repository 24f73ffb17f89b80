#include "actors/market_store/market_store.hpp"

#include "actors/market_store/aggregate.hpp"

#include <algorithm>

namespace tn {

namespace {

constexpr uint32_t minutes_per_day = 1440;
constexpr timespan one_minute = std::chrono::minutes{1};

} // namespace

market_store::market_store(const std::vector<std::string>& symbols, uint32_t history,
                           uint32_t warmup_bars)
  : history_(history), warmup_bars_(warmup_bars) {
  for (auto& s : symbols) {
    auto& data = symbols_[s];
    for (auto span : all_intervals) {
      auto capacity = span == interval::m1 ? std::max(history, minutes_per_day + 60) : history;
      data.series.emplace(span, candle_series{capacity});
    }
  }
}

void market_store::on_batch(const tick_batch& batch, std::vector<bar_request>& requests) {
  for (auto& t : batch.ticks) {
    auto i = symbols_.find(t.symbol);
    if (i == symbols_.end())
      continue;
    auto& data = i->second;
    data.price = t.price;
    if (data.warmup_requested)
      continue;
    data.warmup_requested = true;
    // The first tick tells the market time: every bar before the forming
    // one has closed.
    for (auto span : all_intervals) {
      auto bars = std::min(span == interval::m1 ? warmup_bars_ : history_,
                           max_klines_per_request);
      if (bars == 0)
        continue;
      auto last = bar_start(t.ts_event, span) - length_of(span);
      requests.push_back({t.symbol, span, last - (bars - 1) * length_of(span), last});
    }
    for (auto span : all_intervals)
      if (span != interval::m1)
        data.settled[span] = bar_start(t.ts_event, span) - length_of(span);
  }
  for (auto& bar : batch.closed) {
    auto i = symbols_.find(bar.symbol);
    if (i != symbols_.end() && bar.span == interval::m1 && bar.closed)
      add_closed_minute(bar.symbol, i->second, bar, requests);
  }
}

void market_store::add_closed_minute(const std::string& symbol, symbol_data& data,
                                     const candle& bar, std::vector<bar_request>& requests) {
  auto& minutes = data.series.at(interval::m1);
  if (!minutes.insert(bar))
    return;
  if (!data.price)
    data.price = bar.close;
  for (auto span : all_intervals) {
    if (span == interval::m1)
      continue;
    auto len = length_of(span);
    auto current = bar_start(bar.open_time, span);
    // A minute of a later bar proves every earlier bar complete or lost
    // for good: one whose last minute never came is built now.
    if (auto i = data.settled.find(span); i != data.settled.end())
      for (auto open = std::max(i->second + len, current - history_ * len); open < current;
           open += len)
        settle(symbol, data, span, open, requests);
    if (closes_bar(bar.open_time, span))
      settle(symbol, data, span, current, requests);
  }
}

void market_store::settle(const std::string& symbol, symbol_data& data, interval span,
                          timestamp open, std::vector<bar_request>& requests) {
  auto& settled = data.settled[span];
  settled = std::max(settled, open);
  auto& series = data.series.at(span);
  if (series.find(open))
    return;
  auto parts = data.series.at(interval::m1).range(open, open + length_of(span) - one_minute);
  if (auto longer = aggregate(parts, span, open))
    series.insert(*longer);
  else
    requests.push_back({symbol, span, open, open});
}

void market_store::on_history(const std::vector<candle>& bars) {
  for (auto& bar : bars) {
    auto i = symbols_.find(bar.symbol);
    if (i == symbols_.end() || !bar.closed)
      continue;
    i->second.series.at(bar.span).insert(bar);
  }
}

std::vector<candle> market_store::last(const std::string& symbol, interval span, size_t n) const {
  auto i = symbols_.find(symbol);
  if (i == symbols_.end())
    return {};
  return i->second.series.at(span).last(n);
}

std::vector<candle> market_store::last(const std::string& symbol, interval span, size_t n,
                                       timestamp as_of) const {
  auto i = symbols_.find(symbol);
  if (i == symbols_.end())
    return {};
  return i->second.series.at(span).last(n, as_of);
}

std::optional<double> market_store::last_price(const std::string& symbol) const {
  auto i = symbols_.find(symbol);
  return i == symbols_.end() ? std::nullopt : i->second.price;
}

std::vector<std::string> market_store::symbols() const {
  std::vector<std::string> result;
  for (auto& [name, data] : symbols_)
    result.push_back(name);
  return result;
}

std::map<interval, uint64_t> market_store::counts() const {
  std::map<interval, uint64_t> result;
  for (auto& [name, data] : symbols_)
    for (auto& [span, series] : data.series)
      result[span] += series.size();
  return result;
}

} // namespace tn
