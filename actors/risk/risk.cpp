#include "actors/risk/risk.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace tn {

namespace {

constexpr auto order_window = std::chrono::seconds{60};

std::string pct(decimal share) {
  return to_string(mul(share, decimal::from_int(100)), 1) + "%";
}

std::string money(decimal x, const std::string& quote) {
  return to_string(x, 2) + (quote.empty() ? "" : " " + quote);
}

/// `part` as a share of `whole` (zero when there is no whole).
decimal share_of(decimal part, decimal whole) {
  return whole.is_positive() ? div(part, whole, rounding::nearest) : decimal{};
}

int64_t utc_day(timestamp t) {
  using days = std::chrono::duration<int64_t, std::ratio<86400>>;
  return std::chrono::floor<days>(t.time_since_epoch()).count();
}

decimal position_quantity(const std::vector<position>& positions, const std::string& symbol) {
  decimal out;
  for (auto& p : positions)
    if (p.symbol == symbol)
      out += p.quantity;
  return out;
}

/// The last price, else (for a held symbol without one) its entry price.
decimal price_of(const risk_inputs& in, const std::string& symbol) {
  if (auto i = in.prices.find(symbol); i != in.prices.end() && i->second.is_positive())
    return i->second;
  for (auto& p : in.positions)
    if (p.symbol == symbol)
      return p.entry_price;
  return {};
}

/// What the quote asset's free balance allows a spot BUY to spend.
decimal free_quote(const account_state& a) {
  for (auto& b : a.balances)
    if (b.asset == a.quote_asset)
      return b.free;
  return a.quote_balance;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (auto& p : parts)
    out += (out.empty() ? "" : "; ") + p;
  return out;
}

void settle(risk_verdict& v, risk_outcome outcome, std::string reason) {
  v.outcome = outcome;
  v.reason = std::move(reason);
}

/// The limit price of a BUY entry of `type` at the last price: none for a
/// market order; a tick under the last trade for a maker-only order, where
/// the best bid stands, so it rests instead of being refused for taking;
/// the last trade rounded down to the tick for a plain limit.
decimal entry_price(const symbol_filters& f, order_type type, decimal last) {
  if (type == order_type::market)
    return {};
  auto at = round_price(f, last, rounding::down);
  if (type == order_type::limit_maker && at >= last && f.price
      && f.price->tick_size.is_positive() && at > f.price->tick_size)
    at = at - f.price->tick_size;
  return at;
}

} // namespace

std::string entry_client_id(std::string_view epoch, uint64_t decision_id, size_t leg) {
  return "tn" + std::string{epoch} + "-" + std::to_string(decision_id) + "-"
         + std::to_string(leg);
}

std::vector<exit_request> flatten_all(const std::vector<position>& positions,
                                      order_reason reason, timestamp now) {
  std::vector<exit_request> out;
  for (auto& p : positions) {
    exit_request x;
    x.symbol = p.symbol;
    x.reason = reason;
    x.ts = now;
    out.push_back(std::move(x));
  }
  return out;
}

risk_engine::risk_engine(risk_config cfg, exchange_filters filters)
  : cfg_(std::move(cfg)), filters_(std::move(filters)) {
}

// -- time and the kill switch ---------------------------------------------------

void risk_engine::roll_day(timestamp now, std::vector<std::string>& notes) {
  auto day = utc_day(now);
  if (day <= day_)
    return;
  bool first = day_ < 0;
  day_ = day;
  if (first)
    return;
  day_start_.reset();
  if (killed() && cfg_.reset == kill_switch_reset::next_day) {
    kill_reason_.clear();
    notes.push_back("kill switch released: a new UTC day began, entries are allowed again");
  }
}

std::string risk_engine::on_time(timestamp now) {
  std::vector<std::string> notes;
  roll_day(now, notes);
  return joined(notes);
}

void risk_engine::prune_orders(timestamp now) {
  while (!recent_orders_.empty() && recent_orders_.front() + order_window <= now)
    recent_orders_.pop_front();
}

void risk_engine::count_order(timestamp now) {
  recent_orders_.push_back(now);
}

std::optional<std::string> risk_engine::check_daily_loss(const account_state& a) {
  last_equity_ = a.equity;
  // Started (or restarted) mid-day: the day began before the PnL realized
  // since then.
  if (!day_start_)
    day_start_ = a.equity - a.realized_pnl_today;
  if (killed())
    return std::nullopt;
  auto start = *day_start_;
  auto loss = start - a.equity;
  auto limit = mul(cfg_.max_daily_loss_pct, start, rounding::down);
  if (!limit.is_positive() || loss < limit)
    return std::nullopt;
  kill_reason_ = "daily loss " + money(loss, a.quote_asset) + " (" + pct(share_of(loss, start))
                 + " of the day's starting equity " + money(start, a.quote_asset)
                 + ") reached risk.max_daily_loss_pct " + pct(cfg_.max_daily_loss_pct);
  return "kill switch: " + kill_reason_ + "; flattening every position, no new entries until "
         + (cfg_.reset == kill_switch_reset::next_day ? "the next UTC day or a reset from the console"
                                                      : "a reset from the console");
}

risk_plan risk_engine::on_account(const account_state& account,
                                  const std::vector<position>& positions, timestamp now) {
  risk_plan plan;
  roll_day(now, plan.notes);
  prune_orders(now);
  if (auto why = check_daily_loss(account))
    plan.notes.push_back(std::move(*why));
  if (killed()) {
    // While it holds, whatever is still open goes, at every check: also
    // positions the tracker could not list when it tripped, and those whose
    // exit failed since. The tracker keeps one exit per position, so one
    // whose exit is in flight is not sold twice.
    plan.exits = flatten_all(positions, order_reason::kill_switch, now);
    for (size_t i = 0; i < plan.exits.size(); ++i)
      count_order(now);
  }
  return plan;
}

bool risk_engine::reset_kill_switch() {
  if (!killed())
    return false;
  kill_reason_.clear();
  // The loss that tripped it stays behind: the day counts afresh from here.
  day_start_ = last_equity_;
  return true;
}

bool risk_engine::pause() {
  return !std::exchange(paused_, true);
}

bool risk_engine::resume() {
  return std::exchange(paused_, false);
}

// -- entries in flight ------------------------------------------------------------

decimal risk_engine::in_flight(const std::string& symbol) const {
  decimal out;
  for (auto& [id, p] : pending_)
    if (p.symbol == symbol)
      out += p.remaining;
  return out;
}

void risk_engine::on_fill(const fill& x) {
  auto i = pending_.find(x.client_id);
  if (i == pending_.end())
    return;
  i->second.remaining -= x.quantity;
  if (!i->second.remaining.is_positive())
    pending_.erase(i);
}

void risk_engine::on_update(const order_update& x) {
  if (is_final(x.state))
    pending_.erase(x.client_id);
}

// -- decisions ----------------------------------------------------------------------

risk_plan risk_engine::decide(uint64_t decision_id, const decision& d, const risk_inputs& in) {
  risk_plan plan;
  if (in.account)
    plan = on_account(*in.account, in.positions, in.now);
  else {
    roll_day(in.now, plan.notes);
    prune_orders(in.now);
  }
  decision_run run;
  run.flattened = !plan.exits.empty();
  for (auto& p : in.positions)
    run.exposure += mul(p.quantity, price_of(in, p.symbol));
  for (auto& [id, p] : pending_)
    run.exposure += mul(p.remaining, price_of(in, p.symbol));
  if (in.account)
    run.cash = free_quote(*in.account);
  for (size_t leg = 0; leg < d.decisions.size(); ++leg) {
    auto& sd = d.decisions[leg];
    risk_verdict v;
    v.decision_id = decision_id;
    v.symbol = sd.symbol;
    v.action = sd.action;
    v.requested_pct = sd.position_pct;
    v.ts = in.now;
    auto target = decimal::from_double(std::clamp(sd.position_pct, 0.0, 1.0), rounding::nearest)
                    .value_or(decimal{});
    switch (sd.action) {
      case trade_action::buy:
        buy(decision_id, leg, target, in, run, plan, v);
        break;
      case trade_action::sell:
        sell(decision_id, target, in, run, plan, v);
        break;
      case trade_action::hold:
        settle(v, risk_outcome::nothing_to_do, "HOLD leaves " + sd.symbol + " as it is");
        break;
    }
    plan.verdicts.push_back(std::move(v));
  }
  return plan;
}

void risk_engine::buy(uint64_t decision_id, size_t leg, decimal target, const risk_inputs& in,
                      decision_run& run, risk_plan& plan, risk_verdict& v) {
  auto& symbol = v.symbol;
  auto reject = [&](std::string why) { settle(v, risk_outcome::rejected, std::move(why)); };
  auto* f = filters_.find(symbol);
  if (!f)
    return reject("no exchange filters for " + symbol);
  if (!in.account)
    return reject("the account is unknown (" + in.account_error + ")");
  if (!in.positions_error.empty())
    return reject("the positions are unknown (" + in.positions_error + ")");
  auto& quote = in.account->quote_asset;
  auto equity = in.account->equity;
  if (!equity.is_positive())
    return reject("equity is " + money(equity, quote));
  auto price = price_of(in, symbol);
  if (!price.is_positive())
    return reject("no price for " + symbol);

  // The target and how far the position (with entries in flight) is from it.
  std::vector<std::string> cuts;
  if (target > cfg_.max_position_pct) {
    cuts.push_back("target " + pct(target) + " capped at risk.max_position_pct "
                   + pct(cfg_.max_position_pct));
    target = cfg_.max_position_pct;
  }
  auto type = cfg_.entry_type;
  auto held = position_quantity(in.positions, symbol) + in_flight(symbol);
  auto current = mul(held, price);
  auto want = mul(target, equity, rounding::down);
  auto delta = want - current;
  auto smallest = max(cfg_.min_notional, min_notional(*f, type));
  auto tolerance = f->lot ? max(smallest, mul(f->lot->step_size, price, rounding::up)) : smallest;
  auto band = mul(cfg_.min_add_pct, want, rounding::up);
  auto add_at_least = held.is_positive() ? max(tolerance, band) : tolerance;
  if (delta < add_at_least) {
    if (held.is_positive())
      return settle(v, risk_outcome::nothing_to_do,
                    symbol + " holds " + pct(share_of(current, equity)) + " of equity, target "
                      + pct(target)
                      + (delta.is_positive()
                           ? ": short by " + money(delta, quote) + ", less than "
                               + (band > tolerance ? "risk.min_add_pct " + pct(cfg_.min_add_pct)
                                                       + " of the target ("
                                                       + money(band, quote) + ")"
                                                   : "the smallest order " + money(tolerance, quote))
                           : ": already there")
                      + (cuts.empty() ? "" : " (" + joined(cuts) + ")"));
    return reject("target " + pct(target) + " of equity " + money(equity, quote) + " is "
                  + money(want, quote) + ", below the minimum notional " + money(smallest, quote));
  }

  // Entries only while nothing forbids them.
  if (killed())
    return reject("kill switch: " + kill_reason_);
  if (paused_)
    return reject("entries are paused by the operator");
  if (!in.journal_ok)
    return reject("no new entries while the journal cannot write (" + in.journal_error + ")");
  if (in.client_id_epoch.empty())
    return reject("the journal's client id epoch is unknown (" + in.epoch_error
                  + "): no client order id to send an entry under");
  if (!cfg_.symbols.empty()
      && std::find(cfg_.symbols.begin(), cfg_.symbols.end(), symbol) == cfg_.symbols.end())
    return reject(symbol + " is not in risk.symbols");
  if (recent_orders_.size() >= cfg_.max_orders_per_minute)
    return reject("risk.max_orders_per_minute " + std::to_string(cfg_.max_orders_per_minute)
                  + " reached: " + std::to_string(recent_orders_.size())
                  + " orders in the last 60 s");

  // The limits that shrink it.
  auto cap = mul(cfg_.max_total_exposure_pct, equity, rounding::down);
  if (delta > cap - run.exposure) {
    delta = max(cap - run.exposure, decimal{});
    cuts.push_back("total exposure " + pct(share_of(run.exposure, equity))
                   + " of equity leaves " + money(delta, quote)
                   + " under risk.max_total_exposure_pct " + pct(cfg_.max_total_exposure_pct)
                   + (filters_.market == market_kind::futures
                        ? " (risk.max_leverage " + to_string(cfg_.max_leverage) + "x)"
                        : ""));
  }
  if (filters_.market == market_kind::spot && delta > run.cash) {
    delta = max(run.cash, decimal{});
    cuts.push_back("only " + money(delta, quote) + " free to spend");
  }
  auto max_value = cfg_.max_notional;
  if (f->notional && f->notional->max_notional.is_positive()
      && (type != order_type::market || f->notional->apply_max_to_market))
    max_value = min(max_value, f->notional->max_notional);
  if (delta > max_value) {
    cuts.push_back("notional " + money(delta, quote) + " capped at the maximum "
                   + money(max_value, quote));
    delta = max_value;
  }
  auto order_price = entry_price(*f, type, price);
  auto sizing_price = order_price.is_positive() ? order_price : price;
  auto qty = round_quantity(*f, div(delta, sizing_price, rounding::down), type);
  if (auto most = max_quantity(*f, type); most.is_positive() && qty > most) {
    cuts.push_back("quantity " + to_string(qty) + " capped at the exchange's maxQty "
                   + to_string(most));
    qty = round_quantity(*f, most, type);
  }
  auto value = mul(qty, sizing_price, rounding::down);
  if (value < smallest || !qty.is_positive())
    return reject(joined(cuts) + ": what is left, " + money(value, quote)
                  + ", is below the minimum notional " + money(smallest, quote));
  order_check check{order_side::buy, type, qty, order_price, price};
  if (auto why = check_order(*f, check); !why.empty())
    return reject("exchange filter " + why);

  order_request o;
  o.client_id = entry_client_id(in.client_id_epoch, decision_id, leg);
  o.decision_id = decision_id;
  o.symbol = symbol;
  o.side = order_side::buy;
  o.type = type;
  o.quantity = qty;
  o.price = order_price;
  o.reason = order_reason::entry;
  o.ts = in.now;
  v.client_id = o.client_id;
  v.quantity = qty;
  auto what = "BUY " + to_string(qty) + " " + f->base_asset + " (" + money(value, quote)
              + ") from " + pct(share_of(current, equity)) + " toward " + pct(target)
              + " of equity";
  settle(v, cuts.empty() ? risk_outcome::accepted : risk_outcome::reduced,
         cuts.empty() ? what : what + ": " + joined(cuts));
  pending_[o.client_id] = pending_entry{symbol, qty};
  count_order(in.now);
  run.exposure += value;
  run.cash -= value;
  plan.orders.push_back(std::move(o));
}

void risk_engine::sell(uint64_t decision_id, decimal target, const risk_inputs& in,
                       const decision_run& run, risk_plan& plan, risk_verdict& v) {
  auto& symbol = v.symbol;
  auto held = position_quantity(in.positions, symbol);
  if (run.flattened)
    return settle(v, risk_outcome::nothing_to_do, "the kill switch closes " + symbol);
  if (!held.is_positive())
    return settle(v, risk_outcome::nothing_to_do, "no " + symbol + " position to sell");
  exit_request x;
  x.symbol = symbol;
  x.decision_id = decision_id;
  x.reason = order_reason::model_sell;
  x.ts = in.now;
  std::string what = "SELL closes " + symbol + " (" + to_string(held) + ")";
  if (target.is_positive()) {
    auto price = price_of(in, symbol);
    if (!in.account || !in.account->equity.is_positive() || !price.is_positive())
      return settle(v, risk_outcome::rejected,
                    "cannot size the reduction to " + pct(target) + ": "
                      + (!in.account ? "the account is unknown (" + in.account_error + ")"
                                     : "no price or equity"));
    auto& quote = in.account->quote_asset;
    auto equity = in.account->equity;
    auto current = mul(held, price);
    auto share = share_of(current, equity);
    if (target < share) {
      auto* f = filters_.find(symbol);
      auto keep = div(mul(target, equity, rounding::down), price, rounding::down);
      if (f)
        keep = round_quantity(*f, keep, order_type::market);
      auto smallest = max(cfg_.min_notional, f ? min_notional(*f, order_type::market) : decimal{});
      auto tolerance =
        f && f->lot ? max(smallest, mul(f->lot->step_size, price, rounding::up)) : smallest;
      auto sold = mul(held - keep, price);
      if (sold < tolerance)
        return settle(v, risk_outcome::nothing_to_do,
                      symbol + " holds " + pct(share) + " of equity, target " + pct(target)
                        + ": the reduction " + money(sold, quote)
                        + " is less than the smallest order " + money(tolerance, quote));
      if (mul(keep, price) < smallest) {
        what += ": reducing to " + pct(target) + " would leave " + money(mul(keep, price), quote)
                + ", below the minimum notional " + money(smallest, quote);
      } else {
        x.reason = order_reason::reduce;
        x.keep_quantity = keep;
        what = "SELL reduces " + symbol + " from " + pct(share) + " to " + pct(target)
               + " of equity: keeps " + to_string(keep) + " of " + to_string(held);
      }
    } else {
      what += ": target " + pct(target) + " is not below its share " + pct(share);
    }
  }
  v.quantity = held - x.keep_quantity;
  settle(v, risk_outcome::accepted, what);
  count_order(in.now);
  plan.exits.push_back(std::move(x));
}

} // namespace tn
