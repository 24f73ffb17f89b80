#include "actors/gate/gate.hpp"

#include "actors/market_store/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tn {

namespace {

// A score that cannot be computed yet. Every comparison with NaN is false,
// so neither the z-score layer nor a zscore_* wake condition fires on it.
constexpr double unscored = std::numeric_limits<double>::quiet_NaN();

constexpr auto one_minute = std::chrono::minutes{1};

// Wake indices of the funding layer's triggers, past any model condition.
constexpr std::size_t funding_crossed_index = static_cast<std::size_t>(-1);
constexpr std::size_t funding_time_index = static_cast<std::size_t>(-2);

// The timer's grid: the market's 1m candle closes. Only data moves the
// gate's time, and a check due between closes could pass only at the data
// after it, a bar late. A wait counts from the close of the bar the gate's
// time lies in (the newest close a decision at `base` can have seen, though
// `base` itself may lie a little past it: a decision answering an order, or
// event time carried by the clock while the market is silent) and ends at
// the first close at or after that: a whole-minute wait lands on a close,
// whatever moment past it the decision was stamped.
timestamp on_grid(timestamp base, timespan wait) {
  auto due = bar_start(base, interval::m1) + wait;
  auto open = bar_start(due, interval::m1);
  return open == due ? due : open + one_minute;
}

int64_t utc_day(timestamp t) {
  return t.time_since_epoch() / std::chrono::hours{24};
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", x);
  return buf;
}

} // namespace

gate::gate(gate_config cfg, timestamp start, const std::vector<std::string>& symbols)
  : cfg_(std::move(cfg)), now_(start), next_check_(on_grid(start, cfg_.max_check)), day_(utc_day(start)) {
  auto style_span = cfg_.style_intervals.at(cfg_.style);
  groups_.push_back({style_span, "", bar_start(start, style_span), 0, std::nullopt});
  for (auto& name : symbols) {
    auto [i, added] = symbols_.try_emplace(name, name, cfg_.zscore_window);
    if (!added)
      continue;
    if (auto o = cfg_.symbol_intervals.find(name); o != cfg_.symbol_intervals.end()) {
      i->second.group = groups_.size();
      groups_.push_back({o->second, name, bar_start(start, o->second), 0, std::nullopt});
    }
    ++groups_[i->second.group].members;
  }
}

gate::symbol_state::symbol_state(std::string symbol, std::size_t window)
  : name(std::move(symbol)), returns(window), volumes(window), z_price(unscored),
    z_volume(unscored) {
}

gate::symbol_state* gate::find(const std::string& symbol) {
  auto i = symbols_.find(symbol);
  return i == symbols_.end() ? nullptr : &i->second;
}

// Event time never runs backwards inside the gate: ticks and clock messages
// may interleave slightly out of order.
timestamp gate::advance(timestamp t) {
  now_ = std::max(now_, t);
  return now_;
}

std::optional<gate_pass> gate::on_tick(const tick& t) {
  auto* s = find(t.symbol);
  if (s == nullptr)
    return std::nullopt;
  ++stats_.ticks;
  count_checks({pass_reason::wake_condition, pass_reason::zscore, pass_reason::candle_close,
                pass_reason::timer});
  auto now = advance(t.ts_event);
  s->last_price = t.price;
  score(*s, t.bar_open, t.price, t.bar_volume);
  auto moved = check_symbol(*s, now);
  auto closed = check_close(*s, t.bar_open, now);
  return settle(now, s, moved, closed ? closed : check_grace(now), check_timer(now));
}

std::optional<gate_pass> gate::on_closed(const candle& bar) {
  auto* s = find(bar.symbol);
  if (s == nullptr || !bar.closed)
    return std::nullopt;
  count_checks({pass_reason::candle_close, pass_reason::timer});
  auto end = bar.open_time + length_of(bar.span);
  auto now = advance(end);
  if (bar.span == interval::m1)
    close_minute(*s, bar.open_time, bar.close, bar.volume);
  auto closed = check_close(*s, end, now);
  return settle(now, s, std::nullopt, closed ? closed : check_grace(now), check_timer(now));
}

std::optional<gate_pass> gate::on_time(timestamp now) {
  count_checks({pass_reason::candle_close, pass_reason::timer});
  now = advance(now);
  return settle(now, nullptr, std::nullopt, check_grace(now), check_timer(now));
}

void gate::set_next_check(timestamp now, int64_t seconds) {
  using std::chrono::duration_cast;
  auto lo = duration_cast<std::chrono::seconds>(cfg_.min_check).count();
  auto hi = duration_cast<std::chrono::seconds>(cfg_.max_check).count();
  auto wanted = timespan{std::chrono::seconds{std::clamp(seconds, lo, hi)}};
  next_check_ = on_grid(std::max(now, now_), std::clamp(wanted, cfg_.min_check, cfg_.max_check));
  scheduled_ = true;
}

gate_schedule gate::schedule() const {
  gate_schedule out;
  out.ts = now_;
  out.next_check = next_check_;
  out.passes_today = passes_today();
  for (auto& [name, s] : symbols_)
    out.wake_conditions.insert(out.wake_conditions.end(), s.wakes.begin(), s.wakes.end());
  return out;
}

void gate::restore(const gate_schedule& saved) {
  if (utc_day(saved.ts) == day_)
    day_count_ += saved.passes_today;
  if (scheduled_)
    return;
  next_check_ = std::min(saved.next_check, on_grid(now_, cfg_.max_check));
  set_wake_conditions(saved.wake_conditions);
}

uint32_t gate::passes_today() const {
  return utc_day(now_) == day_ ? day_count_ : 0;
}

std::size_t gate::set_wake_conditions(std::vector<wake_condition> conditions) {
  for (auto& [name, s] : symbols_)
    s.wakes.clear();
  std::size_t accepted = 0;
  for (auto& c : conditions) {
    auto* s = find(c.symbol);
    if (s == nullptr || !std::isfinite(c.threshold)) {
      ++stats_.wake_rejected;
      continue;
    }
    s->wakes.push_back(std::move(c));
    ++accepted;
  }
  return accepted;
}

void gate::update_funding(const std::string& symbol, double rate) {
  if (auto* s = find(symbol))
    s->funding = rate;
}

std::optional<gate_pass> gate::on_funding(const std::string& symbol, double rate,
                                          timestamp next_funding, timestamp ts) {
  auto* s = find(symbol);
  if (s == nullptr || !std::isfinite(rate))
    return std::nullopt;
  count_checks({pass_reason::wake_condition, pass_reason::zscore});
  auto now = advance(ts);
  s->funding = rate;
  s->next_funding = next_funding;
  auto high = cfg_.funding_threshold > 0 && std::abs(rate) >= cfg_.funding_threshold;
  // Back below before it could pass: nothing left to say.
  s->funding_crossed = high && (s->funding_crossed || !s->funding_high);
  s->funding_high = high;
  return settle(now, s, check_symbol(*s, now), std::nullopt, std::nullopt);
}

void gate::update_pnl(const std::string& symbol, double pct) {
  if (auto* s = find(symbol))
    s->pnl = pct;
}

gate_stats gate::stats() const {
  auto result = stats_;
  for (auto& [name, s] : symbols_)
    result.wake_armed += s.wakes.size();
  result.passes_today = passes_today();
  result.next_check = next_check_;
  return result;
}

// -- z-scores -----------------------------------------------------------------

void gate::close_minute(symbol_state& s, timestamp open, double close, double volume) {
  if (s.closed_open && open <= *s.closed_open)
    return; // already counted, from the ticks or the exchange
  // A return across a gap would mix several minutes into one sample.
  if (s.closed_open && open == *s.closed_open + one_minute && s.closed_price > 0 && close > 0)
    s.returns.push(std::log(close / s.closed_price));
  s.volumes.push(volume);
  s.closed_open = open;
  s.closed_price = close;
}

void gate::score(symbol_state& s, timestamp bar_open, double price, double volume) {
  if (s.forming_open) {
    if (bar_open < *s.forming_open)
      return; // a late tick of a bar already closed
    if (bar_open > *s.forming_open)
      close_minute(s, *s.forming_open, s.forming_price, s.forming_volume);
  }
  s.forming_open = bar_open;
  s.forming_price = price;
  s.forming_volume = volume;
  auto enough = [this](const rolling_stats& x) { return x.size() >= cfg_.zscore_min_samples; };
  s.z_price = enough(s.returns) && s.closed_open && *s.closed_open + one_minute == bar_open
                  && s.closed_price > 0 && price > 0
                ? s.returns.z(std::log(price / s.closed_price))
                : unscored;
  s.z_volume = enough(s.volumes) ? s.volumes.z(volume) : unscored;
}

// -- layers -------------------------------------------------------------------

std::optional<gate::trigger> gate::check_symbol(symbol_state& s, timestamp now) {
  std::optional<trigger> result;
  for (std::size_t i = 0; i < s.wakes.size() && !result; ++i) {
    auto& c = s.wakes[i];
    auto value = value_of(s, c.metric);
    if (value && holds(c.op, *value, c.threshold))
      result = trigger{pass_reason::wake_condition, s.name, i};
  }
  if (!result)
    if (auto index = funding_due(s, now))
      result = trigger{pass_reason::wake_condition, s.name, *index};
  // Volume is one-sided: a quiet minute is no reason to decide.
  if (!result
      && (std::abs(s.z_price) >= cfg_.zscore_price_threshold
          || s.z_volume >= cfg_.zscore_volume_threshold))
    result = trigger{pass_reason::zscore, s.name};
  if (result && now < s.cooldown_until) {
    ++stats_.suppressed_cooldown;
    return std::nullopt;
  }
  return result;
}

// The funding layer: a crossing not passed yet, else a funding time within
// the lead that no pass was made for.
std::optional<std::size_t> gate::funding_due(const symbol_state& s, timestamp now) const {
  if (s.funding_crossed)
    return funding_crossed_index;
  if (cfg_.funding_lead > timespan::zero() && s.next_funding != timestamp{}
      && s.next_funding != s.funding_time_passed && now < s.next_funding
      && now >= s.next_funding - cfg_.funding_lead)
    return funding_time_index;
  return std::nullopt;
}

std::optional<double> gate::value_of(const symbol_state& s, wake_metric metric) {
  switch (metric) {
    case wake_metric::price: return s.last_price;
    case wake_metric::zscore_price: return s.z_price;
    case wake_metric::zscore_volume: return s.z_volume;
    case wake_metric::funding: return s.funding;
    case wake_metric::pnl_pct: return s.pnl;
  }
  return std::nullopt;
}

// `data_time` is what the symbol's data proves: a frame of the bar opened
// then exists, or a bar ending then closed. Only that closes a bar; the
// gate's own time, which the clock may carry past a boundary while the
// closing frame is still under way, never does.
std::optional<gate::trigger> gate::check_close(symbol_state& s, timestamp data_time,
                                               timestamp now) {
  auto& g = groups_[s.group];
  auto open = bar_start(data_time, g.span);
  if (open <= s.reached)
    return std::nullopt;
  s.reached = open;
  if (open <= g.bar_open)
    return std::nullopt;
  if (g.pending && open > g.pending->open) {
    // A whole bar went by while waiting: that close is overdue, and this
    // one answers both.
    g.bar_open = open;
    g.pending.reset();
    return trigger{pass_reason::candle_close, g.symbol, 0, s.group, g.members};
  }
  if (!g.pending)
    g.pending = pending_close{open, now + cfg_.close_grace};
  if (open == g.pending->open)
    ++g.pending->closed;
  return due_close(s.group, now);
}

std::optional<gate::trigger> gate::due_close(std::size_t group, timestamp now) {
  auto& g = groups_[group];
  if (!g.pending || (g.pending->closed < g.members && now < g.pending->deadline))
    return std::nullopt;
  trigger x{pass_reason::candle_close, g.symbol, 0, group, g.pending->closed};
  g.bar_open = g.pending->open;
  g.pending.reset();
  return x;
}

std::optional<gate::trigger> gate::check_grace(timestamp now) {
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (auto x = due_close(i, now))
      return x;
  return std::nullopt;
}

std::optional<gate::trigger> gate::check_timer(timestamp now) {
  if (now < next_check_)
    return std::nullopt;
  // A close under way is due within the grace: the timer waits for it and
  // passes with it, so that decision sees every symbol's closed bar.
  for (auto& g : groups_)
    if (g.pending)
      return std::nullopt;
  return trigger{pass_reason::timer, {}};
}

// -- passes -------------------------------------------------------------------

// Takes the first trigger, in priority order, that may pass now. The others
// coalesce into it: one decision answers them all.
std::optional<gate_pass> gate::settle(timestamp now, symbol_state* s, std::optional<trigger> first,
                                      std::optional<trigger> second,
                                      std::optional<trigger> third) {
  auto spaced = last_pass_ && now - *last_pass_ < cfg_.min_spacing;
  for (auto* x : {&first, &second, &third}) {
    if (!*x)
      continue;
    if (!spaced)
      return commit(now, s, **x);
    // The decision just made saw every symbol. A close is covered by it;
    // anything else waits and passes after the spacing if it still holds.
    if ((*x)->reason == pass_reason::candle_close)
      ++stats_.suppressed_spacing;
  }
  return std::nullopt;
}

std::optional<gate_pass> gate::commit(timestamp now, symbol_state* s, const trigger& x) {
  auto detail = describe(x, s);
  last_pass_ = now;
  next_check_ = on_grid(now, cfg_.max_check);
  if (x.reason == pass_reason::zscore || x.reason == pass_reason::wake_condition)
    s->cooldown_until = now + cfg_.cooldown;
  if (x.reason == pass_reason::wake_condition) {
    if (x.wake_index == funding_crossed_index)
      s->funding_crossed = false;
    else if (x.wake_index == funding_time_index)
      s->funding_time_passed = s->next_funding;
    else
      s->wakes.erase(s->wakes.begin() + static_cast<std::ptrdiff_t>(x.wake_index));
  }
  if (auto day = utc_day(now); day != day_) {
    day_ = day;
    day_count_ = 0;
  }
  if (day_count_ >= cfg_.max_decisions_per_day) {
    ++stats_.suppressed_cap;
    return std::nullopt;
  }
  ++day_count_;
  ++stats_.passes;
  ++stats_.by_reason[static_cast<std::size_t>(x.reason)];
  return gate_pass{std::string{x.symbol}, x.reason, std::move(detail), now};
}

void gate::count_checks(std::initializer_list<pass_reason> layers) {
  for (auto layer : layers)
    ++stats_.checked[static_cast<std::size_t>(layer)];
}

std::string gate::describe(const trigger& x, const symbol_state* s) const {
  switch (x.reason) {
    case pass_reason::wake_condition: {
      if (x.wake_index == funding_crossed_index)
        return "funding " + number(*s->funding) + " beyond " + number(cfg_.funding_threshold)
               + " either way";
      if (x.wake_index == funding_time_index)
        return "funding in "
               + std::to_string(
                 std::chrono::duration_cast<std::chrono::minutes>(s->next_funding - now_).count())
               + " min at rate " + number(*s->funding);
      auto& c = s->wakes[x.wake_index];
      return std::string{to_string(c.metric)} + " " + number(*value_of(*s, c.metric)) + " "
             + to_string(c.op) + " " + number(c.threshold);
    }
    case pass_reason::zscore:
      return "1m return z " + number(s->z_price) + ", volume z " + number(s->z_volume)
             + ", price " + number(s->last_price);
    case pass_reason::candle_close: {
      auto& g = groups_[x.group];
      auto text = std::string{to_string(g.span)} + " bar closed";
      if (x.closed < g.members)
        text += " (" + std::to_string(x.closed) + " of " + std::to_string(g.members)
                + " symbols; the rest not within "
                + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(cfg_.close_grace)
                                   .count())
                + " s)";
      return text;
    }
    case pass_reason::timer:
      return "next check due";
    case pass_reason::watchdog:
    case pass_reason::reevaluation:
      break;
  }
  return {};
}

} // namespace tn
