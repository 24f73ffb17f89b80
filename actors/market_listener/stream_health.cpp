#include "actors/market_listener/stream_health.hpp"

namespace tn {

void stream_health::on_open(timestamp now) {
  open_ = true;
  earned_ = false;
  silent_since_ = now;
  first_data_.reset();
}

bool stream_health::on_data(timestamp now) {
  silent_since_ = now;
  if (!first_data_ || *first_data_ == timestamp{})
    first_data_ = now;
  if (earned_ || now - *first_data_ < healthy_after_)
    return false;
  earned_ = true;
  return true;
}

void stream_health::on_close() {
  open_ = false;
}

bool stream_health::idle(timestamp now) {
  if (!open_)
    return false;
  if (silent_since_ == timestamp{})
    silent_since_ = now;
  return now - silent_since_ >= idle_timeout_;
}

} // namespace tn
