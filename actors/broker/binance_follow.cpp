#include "actors/broker/binance_follow.hpp"

#include <algorithm>

namespace tn {

std::vector<fill> new_fills(followed_order& o, std::vector<fill> fills) {
  std::vector<fill> out;
  for (auto& f : fills) {
    if (!o.trade_ids.insert(f.trade_id).second)
      continue;
    o.filled += f.quantity;
    out.push_back(std::move(f));
  }
  return out;
}

bool is_news(const followed_order& o, const order_update& reported) {
  return reported.state != o.last.state || reported.filled_quantity != o.last.filled_quantity
         || (o.last.exchange_order_id.empty() && !reported.exchange_order_id.empty());
}

bool fills_missing(const followed_order& o, const order_update& reported) {
  return reported.filled_quantity > o.filled;
}

bool triggered_order_done(const followed_order& o) {
  return o.request.quantity.is_zero() ? o.filled.is_positive() : o.filled >= o.request.quantity;
}

void schedule_poll(followed_order& o, timestamp now, const binance_config& cfg, bool changed) {
  o.backoff = changed || o.backoff == timespan{} ? cfg.poll_initial
                                                  : std::min(o.backoff * 2, cfg.poll_max);
  o.next_poll = now + o.backoff;
}

bool poll_due(const followed_order& o, timestamp now) {
  return !o.busy && now >= o.next_poll;
}

bool fallback_due(const followed_order& o, timestamp now, const binance_config& cfg) {
  auto resting = o.last.state == order_state::open
                 || o.last.state == order_state::partially_filled;
  return o.request.type == order_type::limit_maker && cfg.maker_fallback > timespan{} && resting
         && !o.fallback_started && !o.busy && o.resting_since != timestamp{}
         && now - o.resting_since >= cfg.maker_fallback;
}

decimal remaining(const followed_order& o) {
  return o.request.quantity - std::max(o.filled, o.last.filled_quantity);
}

} // namespace tn
