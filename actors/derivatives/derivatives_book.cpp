#include "actors/derivatives/derivatives_book.hpp"

#include "runtime/time_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tn {

namespace {

std::string other_symbol(std::string_view what, const std::string& asked,
                         const std::string& named) {
  return std::string{what} + " answered for " + (named.empty() ? "no symbol" : named)
         + ", asked for " + asked;
}

} // namespace

derivatives_book::derivatives_book(const std::vector<std::string>& symbols, timespan oi_window,
                                   timespan cvd_window)
  : oi_window_(oi_window), cvd_window_(cvd_window) {
  for (auto& s : symbols)
    symbols_.emplace(s, entry{});
}

bool derivatives_book::watches(const std::string& symbol) const {
  return symbols_.count(symbol) > 0;
}

derivatives_book::entry* derivatives_book::find(const std::string& symbol) {
  auto i = symbols_.find(symbol);
  return i == symbols_.end() ? nullptr : &i->second;
}

std::string derivatives_book::on_premium(const std::string& symbol,
                                         const std::vector<premium_index>& answer) {
  auto* e = find(symbol);
  if (!e)
    return symbol + " is not watched";
  // Asked with symbol=, the exchange answers that symbol only; an
  // all-symbol array is searched for it.
  auto i = std::find_if(answer.begin(), answer.end(),
                        [&](const premium_index& p) { return p.symbol == symbol; });
  if (i == answer.end())
    return other_symbol("premiumIndex", symbol, answer.empty() ? "" : answer.front().symbol);
  if (!e->premium || e->premium->time <= i->time)
    e->premium = *i;
  return {};
}

void derivatives_book::add_oi(entry& e, timestamp t, double value) {
  auto pos = std::lower_bound(e.oi.begin(), e.oi.end(), t,
                              [](const auto& sample, timestamp x) { return sample.first < x; });
  if (pos != e.oi.end() && pos->first == t)
    pos->second = value;
  else
    e.oi.insert(pos, {t, value});
  // Keep the newest sample at least a window old, and everything after it.
  auto cutoff = e.oi.back().first - oi_window_;
  while (e.oi.size() > 1 && e.oi[1].first <= cutoff)
    e.oi.pop_front();
}

std::string derivatives_book::on_open_interest(const std::string& symbol,
                                               const open_interest_sample& answer) {
  auto* e = find(symbol);
  if (!e)
    return symbol + " is not watched";
  if (answer.symbol != symbol)
    return other_symbol("openInterest", symbol, answer.symbol);
  add_oi(*e, answer.time, answer.open_interest);
  return {};
}

std::string derivatives_book::on_open_interest_hist(const std::string& symbol,
                                                    const std::vector<open_interest_sample>& answer) {
  auto* e = find(symbol);
  if (!e)
    return symbol + " is not watched";
  for (auto& point : answer)
    if (point.symbol != symbol)
      return other_symbol("openInterestHist", symbol, point.symbol);
  for (auto& point : answer)
    add_oi(*e, point.time, point.open_interest);
  e->oi_seeded = true;
  return {};
}

std::string derivatives_book::on_long_short(const std::string& symbol,
                                            const std::vector<long_short_sample>& answer) {
  auto* e = find(symbol);
  if (!e)
    return symbol + " is not watched";
  if (answer.empty())
    return "globalLongShortAccountRatio answered no point for " + symbol;
  for (auto& point : answer)
    if (point.symbol != symbol)
      return other_symbol("globalLongShortAccountRatio", symbol, point.symbol);
  auto newest = std::max_element(answer.begin(), answer.end(),
                                 [](auto& a, auto& b) { return a.time < b.time; });
  if (!e->ratio || e->ratio->time <= newest->time)
    e->ratio = *newest;
  return {};
}

std::string derivatives_book::on_answer(const std::string& symbol, derivs_query what,
                                        std::string_view body) {
  std::string error;
  switch (what) {
    case derivs_query::premium_index: {
      std::vector<premium_index> answer;
      return parse_premium_index(body, answer, error) ? on_premium(symbol, answer) : error;
    }
    case derivs_query::open_interest: {
      open_interest_sample answer;
      return parse_open_interest(body, answer, error) ? on_open_interest(symbol, answer) : error;
    }
    case derivs_query::open_interest_hist: {
      std::vector<open_interest_sample> answer;
      return parse_open_interest_hist(body, answer, error) ? on_open_interest_hist(symbol, answer)
                                                           : error;
    }
    case derivs_query::long_short_ratio: {
      std::vector<long_short_sample> answer;
      return parse_long_short_ratio(body, answer, error) ? on_long_short(symbol, answer) : error;
    }
  }
  return "unknown question";
}

bool derivatives_book::on_bar(const candle& bar) {
  auto* e = find(bar.symbol);
  if (!e || !bar.closed || bar.span != interval::m1 || (e->last_bar && bar.open_time <= *e->last_bar))
    return false;
  e->last_bar = bar.open_time;
  auto delta = 2 * bar.taker_buy_volume - bar.volume;
  e->cvd += delta;
  ++e->cvd_bars;
  e->deltas.emplace_back(bar.open_time, delta);
  // The window's bars: those opened within cvd_window of the newest bar's end.
  auto start = bar.open_time + length_of(interval::m1) - cvd_window_;
  while (!e->deltas.empty() && e->deltas.front().first < start)
    e->deltas.pop_front();
  return true;
}

bool derivatives_book::has_oi_history(const std::string& symbol) const {
  auto i = symbols_.find(symbol);
  return i != symbols_.end() && i->second.oi_seeded;
}

derivatives_snapshot derivatives_book::snapshot(const std::string& symbol, timestamp now,
                                                bool hot) const {
  derivatives_snapshot out;
  out.symbol = symbol;
  out.ts = now;
  out.hot = hot;
  auto i = symbols_.find(symbol);
  if (i == symbols_.end())
    return out;
  auto& e = i->second;
  if (e.premium) {
    out.funding_rate = e.premium->funding_rate;
    out.next_funding = e.premium->next_funding;
    out.mark_price = e.premium->mark_price;
  }
  if (!e.oi.empty()) {
    auto& newest = e.oi.back();
    out.open_interest = newest.second;
    auto& oldest = e.oi.front();
    if (oldest.first <= newest.first - oi_window_ && oldest.second > 0)
      out.open_interest_change_pct = (newest.second - oldest.second) / oldest.second * 100;
  }
  if (e.ratio) {
    out.long_short_ratio = e.ratio->ratio;
    out.long_account = e.ratio->long_account;
  }
  out.cvd = e.cvd;
  out.cvd_bars = e.cvd_bars;
  for (auto& d : e.deltas)
    out.cvd_window += d.second;
  return out;
}

std::string describe(const derivatives_snapshot& s) {
  std::string out = s.symbol;
  auto add = [&](std::string part) { out += (out.size() == s.symbol.size() ? " " : ", ") + part; };
  if (s.funding_rate)
    add(fmt::format("funding {:.4f}%", *s.funding_rate * 100)
        + (s.next_funding == timestamp{} ? ""
                                         : " (next " + format_timestamp_seconds(s.next_funding) + ")"));
  if (s.open_interest)
    add(fmt::format("open interest {}", *s.open_interest)
        + (s.open_interest_change_pct
             ? fmt::format(" ({:+.2f} % over the window)", *s.open_interest_change_pct)
             : ""));
  if (s.long_short_ratio)
    add(fmt::format("long/short {}", *s.long_short_ratio));
  if (s.cvd_bars > 0)
    add(fmt::format("CVD {:+g} (window {:+g})", s.cvd, s.cvd_window));
  if (s.hot)
    add("hot");
  return out;
}

} // namespace tn
