#include "actors/broker/paper_exchange.hpp"

#include "actors/broker/binance_request.hpp" // fallback_order: the same <id>m as at Binance
#include "runtime/time_format.hpp"

#include <algorithm>
#include <chrono>

namespace tn {

namespace {

// Binance's words for the same refusals (PROTOCOLS.md, -1121, -1013, -1014,
// -2010, -2011).
constexpr const char* insufficient = "Account has insufficient balance for requested action.";
constexpr const char* would_take = "Order would immediately match and take.";
constexpr const char* would_trigger = "Order would trigger immediately.";

/// Orders that rest at their price (a stop once triggered).
bool is_limit(order_type t) {
  return t == order_type::limit || t == order_type::limit_maker
         || t == order_type::stop_loss_limit;
}

/// A limit order that would match the last price at once.
bool marketable(const order_request& x, decimal last) {
  return x.side == order_side::buy ? x.price >= last : x.price <= last;
}

/// A price at or beyond a stop's stop price: the stop triggers.
bool triggers(const order_request& x, decimal price) {
  return x.side == order_side::buy ? price >= x.stop_price : price <= x.stop_price;
}

} // namespace

paper_exchange::paper_exchange(paper_config cfg)
  : cfg_(std::move(cfg)), account_(cfg_.quote_asset) {
  account_.set_balances(cfg_.starting_balances);
}

order_update paper_exchange::update_of(const order_request& x, order_state state, timestamp ts,
                                       std::string reason) {
  order_update u;
  u.client_id = x.client_id;
  u.symbol = x.symbol;
  u.state = state;
  u.exchange_order_id = "paper-" + x.client_id;
  u.reason = std::move(reason);
  u.ts = ts;
  return u;
}

paper_events paper_exchange::restore(const execution_journal& j, timestamp now) {
  paper_events out;
  if (!j.balances.empty()) {
    std::map<std::string, decimal> totals;
    for (auto& b : j.balances)
      totals[b.asset] = b.free + b.locked;
    account_.set_balances(totals);
  }
  account_.restore(j);
  // Funding times the journal kept were settled before the restart.
  for (auto& [symbol, at] : j.funding_settled)
    funding_[symbol].settled_through(symbol, at);
  for (auto& o : j.open_orders) {
    auto& x = o.request;
    auto state = o.last.state;
    auto at = std::max(now, o.last.ts);
    if (state == order_state::intent || state == order_state::sent) {
      out.updates.push_back(update_of(x, order_state::dropped, at,
                                      "never reached the paper exchange before the restart"));
      continue;
    }
    auto base = base_asset(x.symbol, cfg_.quote_asset);
    auto lock = to_lock(x);
    if (!is_limit(x.type)) {
      out.updates.push_back(update_of(x, order_state::expired, at,
                                      "the paper exchange restarted before the next price"));
    } else if (!account_.lock(x.side == order_side::buy ? cfg_.quote_asset : base, lock)) {
      out.updates.push_back(update_of(x, order_state::canceled, at,
                                      std::string{"cannot rest again after the restart: "}
                                        + insufficient));
    } else {
      book_.push_back({x, base, lock, false, false, at});
      out.notices.push_back("order " + x.client_id + " rests again after the restart");
    }
  }
  return out;
}

std::string paper_exchange::refusal(const order_request& x, const std::string& base) const {
  if (base.empty())
    return "Invalid symbol.";
  if (!x.quantity.is_positive())
    return "Invalid quantity.";
  if (is_limit(x.type) && !x.price.is_positive())
    return "Price * QTY is zero or less.";
  if (x.type == order_type::stop_loss_limit && !x.stop_price.is_positive())
    return "Stop price less than zero.";
  auto dup = std::find_if(book_.begin(), book_.end(), [&](const resting& o) {
    return o.request.client_id == x.client_id;
  });
  if (dup != book_.end())
    return "Duplicate order sent.";
  auto last = last_.find(x.symbol);
  if (x.type == order_type::limit_maker && last != last_.end() && marketable(x, last->second))
    return would_take;
  if (x.type == order_type::stop_loss_limit && last != last_.end() && triggers(x, last->second))
    return would_trigger;
  return {};
}

decimal paper_exchange::to_lock(const order_request& x) const {
  if (x.side == order_side::sell)
    return x.quantity;
  decimal price = x.price;
  if (x.type == order_type::market) {
    auto last = last_.find(x.symbol);
    if (last == last_.end())
      return {}; // nothing to estimate with: checked when it fills
    price = mul(last->second, decimal::from_int(1) + cfg_.slippage, rounding::up);
  }
  auto notional = mul(x.quantity, price, rounding::up);
  return notional + mul(notional, cfg_.taker_fee, rounding::up);
}

paper_events paper_exchange::place(const order_request& x, timestamp now) {
  paper_events out;
  auto base = base_asset(x.symbol, cfg_.quote_asset);
  auto why = refusal(x, base);
  auto lock = why.empty() ? to_lock(x) : decimal{};
  if (why.empty() && !account_.lock(x.side == order_side::buy ? cfg_.quote_asset : base, lock))
    why = insufficient;
  if (!why.empty()) {
    bool takes = why == would_take;
    if (takes)
      why += " Its quantity goes to the market instead.";
    out.updates.push_back(update_of(x, order_state::rejected, now, std::move(why)));
    if (takes) {
      out.fallbacks.push_back(fallback_order(x, x.quantity));
      out.fallbacks.back().ts = now;
    }
    return out;
  }
  auto last = last_.find(x.symbol);
  bool taker = x.type == order_type::limit && last != last_.end() && marketable(x, last->second);
  book_.push_back({x, std::move(base), lock, taker, false, now});
  out.updates.push_back(update_of(x, order_state::open, now));
  return out;
}

paper_events paper_exchange::cancel(const std::string& client_id, timestamp now) {
  paper_events out;
  auto i = std::find_if(book_.begin(), book_.end(),
                        [&](const resting& o) { return o.request.client_id == client_id; });
  if (i == book_.end()) {
    out.notices.push_back("cancel of order " + client_id + " refused: Unknown order sent.");
    return out;
  }
  auto& x = i->request;
  account_.unlock(x.side == order_side::buy ? cfg_.quote_asset : i->base, i->locked);
  out.updates.push_back(update_of(x, order_state::canceled, now, "canceled"));
  book_.erase(i);
  return out;
}

bool paper_exchange::fill_price(resting& o, decimal price, decimal& out, bool& maker) const {
  auto& x = o.request;
  bool buy = x.side == order_side::buy;
  if (x.type == order_type::stop_loss_limit && !o.triggered) {
    if (!triggers(x, price))
      return false;
    // The exchange places the limit order at once: it takes what is within
    // its limit now, or rests.
    o.triggered = true;
    o.taker = marketable(x, price);
    if (!o.taker)
      return false;
    auto one = decimal::from_int(1);
    out = buy ? min(mul(price, one + cfg_.slippage, rounding::up), x.price)
              : max(mul(price, one - cfg_.slippage, rounding::down), x.price);
    maker = false;
    return true;
  }
  if (x.type == order_type::market) {
    auto one = decimal::from_int(1);
    out = buy ? mul(price, one + cfg_.slippage, rounding::up)
              : mul(price, one - cfg_.slippage, rounding::down);
    maker = false;
    return true;
  }
  if (o.taker) {
    o.taker = false; // one chance to take; after that it rests
    if (buy ? price <= x.price : price >= x.price) {
      out = price;
      maker = false;
      return true;
    }
  }
  if (buy ? price < x.price : price > x.price) {
    out = x.price;
    maker = true;
    return true;
  }
  return false;
}

bool paper_exchange::execute(const resting& o, decimal price, bool maker, timestamp ts,
                             paper_events& out) {
  auto& x = o.request;
  fill f;
  f.client_id = x.client_id;
  f.symbol = x.symbol;
  f.side = x.side;
  f.trade_id = paper_trade_id(x.client_id, 1);
  f.quantity = x.quantity;
  f.price = price;
  f.fee = mul(mul(x.quantity, price), maker ? cfg_.maker_fee : cfg_.taker_fee, rounding::up);
  f.fee_asset = cfg_.quote_asset;
  f.maker = maker;
  f.ts = ts;
  f.decision_id = x.decision_id;
  if (!account_.book(f, o.base, o.locked)) {
    account_.unlock(cfg_.quote_asset, o.locked);
    out.updates.push_back(update_of(x, order_state::rejected, ts, insufficient));
    return false;
  }
  auto u = update_of(x, order_state::filled, ts);
  u.filled_quantity = x.quantity;
  u.average_price = price;
  out.fills.push_back(std::move(f));
  out.updates.push_back(std::move(u));
  return true;
}

void paper_exchange::fall_back(timestamp now, paper_events& out) {
  auto due = [&](const resting& o) {
    return o.request.type == order_type::limit_maker && now - o.since >= cfg_.maker_fallback;
  };
  if (cfg_.maker_fallback <= timespan::zero() || std::none_of(book_.begin(), book_.end(), due))
    return; // the common case on every price: nothing to move
  auto rested = std::chrono::duration_cast<std::chrono::seconds>(cfg_.maker_fallback);
  std::vector<resting> kept;
  for (auto& o : book_) {
    auto& x = o.request;
    if (!due(o)) {
      kept.push_back(std::move(o));
      continue;
    }
    account_.unlock(x.side == order_side::buy ? cfg_.quote_asset : o.base, o.locked);
    out.updates.push_back(update_of(x, order_state::canceled, now,
                                    "rested " + std::to_string(rested.count())
                                      + "s without a fill (paper.maker_fallback): its quantity"
                                        " goes to the market"));
    out.fallbacks.push_back(fallback_order(x, x.quantity));
    out.fallbacks.back().ts = now;
  }
  book_ = std::move(kept);
}

void paper_exchange::set_funding(const std::vector<funding_due>& events) {
  for (auto& x : events)
    funding_[x.symbol].add(x);
}

void paper_exchange::settle_funding(const std::string& symbol, timestamp now, paper_events& out) {
  std::vector<funding_due> settle;
  for (auto& [name, schedule] : funding_)
    if (symbol.empty() || name == symbol)
      for (auto& due : schedule.take_due(now))
        settle.push_back(std::move(due));
  // In time order across symbols (stable: symbols ascending within a time).
  std::stable_sort(settle.begin(), settle.end(),
                   [](const funding_due& a, const funding_due& b) { return a.time < b.time; });
  for (auto& due : settle) {
    auto position = account_.position(base_asset(due.symbol, cfg_.quote_asset));
    if (position.is_zero())
      continue; // no position, no payment
    // The mark price: the symbol's last trade price at or before the
    // funding time. A backtest replays one price per 1m bar, its close at
    // the bar's close time, so this is the close of the bar that ends at
    // (or last before) the funding time: the funding files carry no mark
    // price, and the next bar's close is a price from after that time.
    auto mark = last_.find(due.symbol);
    if (mark == last_.end()) {
      out.notices.push_back("funding of " + due.symbol + " at " + format_timestamp_seconds(due.time)
                            + " not settled: no price of it seen yet to value the position at");
      continue;
    }
    funding_payment p;
    p.symbol = due.symbol;
    p.ts = due.time;
    p.position = position;
    p.mark_price = mark->second;
    p.rate = due.rate;
    p.amount = funding_amount(position, mark->second, due.rate);
    p.asset = cfg_.quote_asset;
    account_.book_funding(p.amount);
    out.funding.push_back(std::move(p));
  }
}

paper_events paper_exchange::on_time(timestamp now) {
  paper_events out;
  settle_funding({}, now - timespan{1}, out); // a price at `now` may still come
  fall_back(now, out);
  return out;
}

paper_events paper_exchange::on_price(const std::string& symbol, decimal price, timestamp ts) {
  paper_events out;
  settle_funding({}, ts - timespan{1}, out); // settled before this price trades
  fall_back(ts, out); // gave up before this price traded
  last_[symbol] = price;
  settle_funding(symbol, ts, out); // its mark: this price; its position: before its fills
  std::vector<resting> kept;
  for (auto& o : book_) {
    decimal at;
    bool maker = false;
    if (o.request.symbol == symbol && fill_price(o, price, at, maker))
      execute(o, at, maker, ts, out);
    else
      kept.push_back(std::move(o));
  }
  book_ = std::move(kept);
  return out;
}

account_state paper_exchange::account(timestamp now) const {
  auto out = account_.state(now, last_);
  for (auto& o : book_)
    out.open_orders.push_back(update_of(o.request, order_state::open, o.request.ts));
  return out;
}

uint64_t paper_trade_id(const std::string& client_id, uint32_t n) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (auto c : client_id)
    mix(static_cast<unsigned char>(c));
  mix('#');
  for (auto c : std::to_string(n))
    mix(static_cast<unsigned char>(c));
  return h & 0x7fff'ffff'ffff'ffffull;
}

} // namespace tn
