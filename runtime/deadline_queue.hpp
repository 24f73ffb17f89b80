#pragma once

// Things due at deadlines in event time, handed out in deadline order (ties
// in the order they were armed, so a replay hands them out identically).
// Pure: time is a parameter.

#include "messages/fwd.hpp"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace tn {

template <class T>
class deadline_queue {
public:
  /// `x` becomes due at `at`.
  void arm(timestamp at, T x) {
    items_.emplace(key{at, next_++}, std::move(x));
  }

  /// Everything due at `now`, removed from the queue.
  std::vector<T> take_due(timestamp now) {
    std::vector<T> due;
    auto end = items_.upper_bound(key{now, UINT64_MAX});
    for (auto i = items_.begin(); i != end; ++i)
      due.push_back(std::move(i->second));
    items_.erase(items_.begin(), end);
    return due;
  }

  std::size_t size() const {
    return items_.size();
  }

private:
  using key = std::pair<timestamp, uint64_t>;
  std::map<key, T> items_;
  uint64_t next_ = 0;
};

} // namespace tn
