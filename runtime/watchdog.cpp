#include "runtime/watchdog.hpp"

namespace tn {

watchdog::watchdog(timespan no_data) : limit_(no_data) {
}

std::optional<timespan> watchdog::on_time(timestamp now) {
  if (!last_data_)
    last_data_ = now;
  auto silence = now - *last_data_;
  if (fired_ || silence < limit_)
    return std::nullopt;
  fired_ = true;
  ++warnings_;
  return silence;
}

std::optional<timespan> watchdog::on_data(timestamp now) {
  std::optional<timespan> result;
  if (fired_ && last_data_)
    result = now - *last_data_;
  fired_ = false;
  last_data_ = now;
  return result;
}

} // namespace tn
