#include "runtime/periodic.hpp"

namespace tn {

periodic::periodic(timespan interval) : interval_(interval) {
}

bool periodic::due(timestamp now) {
  if (last_ && now - *last_ < interval_)
    return false;
  last_ = now;
  return true;
}

} // namespace tn
