#include "actors/tracker/position_book.hpp"

#include <algorithm>

namespace tn {

namespace {

// Enough to recognise a fill delivered again after a reconnect or restart.
constexpr std::size_t seen_capacity = 4096;

auto by_symbol = [](const symbol_slot& s, std::string_view symbol) { return s.symbol < symbol; };

} // namespace

symbol_slot* position_book::find(std::string_view symbol) {
  auto i = std::lower_bound(slots_.begin(), slots_.end(), symbol, by_symbol);
  return i != slots_.end() && i->symbol == symbol ? &*i : nullptr;
}

symbol_slot& position_book::slot(std::string_view symbol) {
  auto i = std::lower_bound(slots_.begin(), slots_.end(), symbol, by_symbol);
  if (i != slots_.end() && i->symbol == symbol)
    return *i;
  symbol_slot s;
  s.symbol = std::string{symbol};
  return *slots_.insert(i, std::move(s));
}

bool position_book::first_time(const fill& f) {
  if (f.trade_id == 0) // nothing to recognise it by
    return true;
  auto key = f.symbol + ':' + std::to_string(f.trade_id);
  if (!seen_.insert(key).second)
    return false;
  seen_order_.push_back(std::move(key));
  if (seen_order_.size() > seen_capacity) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

std::optional<fee_split> position_book::fee_of(const fill& f, std::string_view quote_asset) {
  if (f.fee.is_zero() || f.fee_asset == quote_asset)
    return fee_split{f.fee, {}};
  std::string_view symbol{f.symbol};
  auto quoted = symbol.size() > quote_asset.size()
                && symbol.substr(symbol.size() - quote_asset.size()) == quote_asset;
  if (quoted && symbol.substr(0, symbol.size() - quote_asset.size()) == f.fee_asset)
    return fee_split{mul(f.fee, f.price), f.side == order_side::buy ? f.fee : decimal{}};
  auto* other = find(f.fee_asset + std::string{quote_asset});
  if (!other || !other->last_price.is_positive())
    return std::nullopt;
  return fee_split{mul(f.fee, other->last_price), {}};
}

void add_entry(symbol_slot& s, const fill& f, fee_split fee) {
  if (!s.open) {
    tracked_position p;
    p.pos.position_id = f.client_id;
    p.pos.symbol = s.symbol;
    p.pos.quantity = f.quantity - fee.base;
    p.pos.entry_price = f.price;
    p.pos.fees = fee.quote;
    p.pos.best_price = f.price;
    p.pos.entry_decision_id = f.decision_id;
    p.pos.opened = f.ts;
    s.open = std::move(p);
    return;
  }
  auto& pos = s.open->pos;
  auto held = pos.quantity;
  auto cost = mul(held, pos.entry_price) + mul(f.quantity, f.price);
  pos.entry_price = div(cost, held + f.quantity);
  pos.quantity = held + f.quantity - fee.base;
  pos.fees += fee.quote;
  pos.best_price = max(pos.best_price, f.price);
}

void add_sale(tracked_position& p, decimal quantity, decimal price, decimal fee_quote) {
  p.sold += quantity;
  p.proceeds += mul(quantity, price);
  p.realized += mul(quantity, price - p.pos.entry_price);
  p.pos.quantity -= quantity;
  p.pos.fees += fee_quote;
}

position_exit exit_of(const tracked_position& p, order_reason reason, timestamp closed) {
  position_exit x;
  x.position_id = p.pos.position_id;
  x.symbol = p.pos.symbol;
  x.entry_decision_id = p.pos.entry_decision_id;
  x.reason = reason;
  x.quantity = p.sold;
  x.entry_price = p.pos.entry_price;
  x.exit_price = div(p.proceeds, p.sold);
  x.fees = p.pos.fees;
  x.pnl = p.realized - p.pos.fees;
  x.opened = p.pos.opened;
  x.closed = closed;
  return x;
}

} // namespace tn
