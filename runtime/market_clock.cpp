#include "runtime/market_clock.hpp"

#include <algorithm>

namespace tn {

timestamp market_clock::on_data(timestamp t) {
  market_ = std::max(market_.value_or(t), t);
  now_ = std::max(now_.value_or(t), *market_);
  return *now_;
}

std::optional<timestamp> market_clock::on_beat(timestamp beat) {
  if (!market_)
    return std::nullopt;
  // The market moved since the last beat: its time is the reference again.
  // Data that arrived between two beats is dated at the later one, so a
  // silence is measured at most one beat short, never long.
  if (!anchor_ || *market_ > anchor_->market)
    anchor_ = anchor{beat, *market_};
  auto silence = std::max(beat - anchor_->beat, timespan::zero());
  now_ = std::max(*now_, anchor_->market + silence);
  return now_;
}

} // namespace tn
