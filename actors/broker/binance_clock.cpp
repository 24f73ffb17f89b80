#include "actors/broker/binance_clock.hpp"

namespace tn {

bool exchange_clock::due(timestamp now) const {
  return !pending_ && again_ && now >= next_;
}

void exchange_clock::started(timestamp) {
  pending_ = true;
}

int64_t exchange_clock::measured(timestamp now, int64_t before_ms, int64_t server_ms,
                                 int64_t after_ms, timespan every) {
  pending_ = false;
  settled_ = true;
  measured_ = true;
  auto offset = server_ms - (before_ms + after_ms) / 2;
  auto moved = offset - offset_ms_;
  offset_ms_ = offset;
  again_ = every > timespan::zero();
  next_ = now + every;
  return moved;
}

void exchange_clock::failed(timestamp now, timespan retry) {
  pending_ = false;
  settled_ = true;
  again_ = true;
  next_ = now + retry;
}

} // namespace tn
