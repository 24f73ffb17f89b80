#include "actors/market_listener/feed.hpp"

#include <algorithm>
#include <cstddef>

namespace tn {

namespace {

constexpr timespan one_minute = std::chrono::minutes{1};

// Held bars are bounded: a fill that never succeeds must not grow memory
// without limit (a day of 1m bars is plenty for a retrying fill).
constexpr size_t max_held = 1440;

} // namespace

feed::feed(const std::vector<std::string>& symbols) {
  for (auto& s : symbols)
    states_.emplace(s, symbol_state{});
}

void feed::forward_closed(symbol_state& st, const candle& bar, tick_batch& out) {
  if (st.last_closed && bar.open_time <= *st.last_closed) {
    ++stats_.duplicates;
    return;
  }
  st.last_closed = bar.open_time;
  out.closed.push_back(bar);
}

void feed::on_kline(const tick& last, const candle* closed, tick_batch& out,
                    std::vector<bar_request>& fills) {
  auto i = states_.find(last.symbol);
  if (i == states_.end())
    return;
  auto& st = i->second;
  out.ticks.push_back(last);
  // The store's warm-up covers every bar before the first one the stream
  // shows; from there on, a bar the stream skips is a gap to fill, even if
  // the connection dropped before any bar closed on it.
  if (!st.last_closed)
    st.last_closed = last.bar_open - one_minute;
  if (st.pending) {
    if (closed && st.held.size() < max_held)
      st.held.push_back(*closed);
    return;
  }
  if (st.last_closed && last.bar_open > *st.last_closed + one_minute) {
    request_fill(i->first, st, *st.last_closed + one_minute, last.bar_open - one_minute, fills);
    if (closed)
      st.held.push_back(*closed);
    return;
  }
  if (closed)
    forward_closed(st, *closed, out);
}

void feed::on_batch(const tick_batch& in, tick_batch& out, std::vector<bar_request>& fills) {
  // A closed bar travels with the tick of its last event.
  auto next_closed = in.closed.begin();
  for (auto& t : in.ticks) {
    const candle* closed = nullptr;
    if (next_closed != in.closed.end() && next_closed->symbol == t.symbol
        && next_closed->open_time == t.bar_open)
      closed = &*next_closed++;
    on_kline(t, closed, out, fills);
  }
}

void feed::on_fill(const std::string& symbol, const std::vector<candle>& bars, tick_batch& out,
                   std::vector<bar_request>& fills) {
  auto i = states_.find(symbol);
  if (i == states_.end() || !i->second.pending)
    return;
  auto& st = i->second;
  auto req = *st.pending;
  st.pending.reset();
  auto progress_from = st.last_closed;
  for (auto& bar : bars) {
    if (!bar.closed || bar.open_time < req.first || bar.open_time > req.last)
      continue;
    auto before = out.closed.size();
    forward_closed(st, bar, out);
    stats_.gap_filled += out.closed.size() - before;
  }
  if (!st.last_closed || *st.last_closed < req.last) {
    if (st.last_closed != progress_from) {
      // A partial answer (the exchange caps rows per request): ask for the rest.
      request_fill(i->first, st, *st.last_closed + one_minute, req.last, fills);
      return;
    }
    // No progress: the exchange has no such bars. Accept the gap rather
    // than retrying forever.
    ++stats_.gaps_unfilled;
    st.last_closed = req.last;
  }
  auto held = std::move(st.held);
  st.held.clear();
  std::sort(held.begin(), held.end(),
            [](const candle& a, const candle& b) { return a.open_time < b.open_time; });
  for (size_t k = 0; k < held.size(); ++k) {
    auto& bar = held[k];
    if (st.last_closed && bar.open_time > *st.last_closed + one_minute) {
      // The held bars skip bars too: fill that gap before releasing them.
      st.held.assign(held.begin() + static_cast<std::ptrdiff_t>(k), held.end());
      request_fill(i->first, st, *st.last_closed + one_minute, bar.open_time - one_minute, fills);
      return;
    }
    forward_closed(st, bar, out);
  }
}

void feed::request_fill(const std::string& symbol, symbol_state& st, timestamp first,
                        timestamp last, std::vector<bar_request>& fills) {
  bar_request req{symbol, interval::m1, first, last};
  st.pending = req;
  fills.push_back(std::move(req));
}

std::optional<bar_request> feed::pending(const std::string& symbol) const {
  auto i = states_.find(symbol);
  return i == states_.end() ? std::nullopt : i->second.pending;
}

std::vector<std::string> feed::symbols() const {
  std::vector<std::string> result;
  for (auto& [name, st] : states_)
    result.push_back(name);
  return result;
}

} // namespace tn
