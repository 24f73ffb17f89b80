#include "runtime/console/console.hpp"

#include <cstddef>
#include <iterator>

namespace tn {

bool token_matches(std::string_view expected, std::string_view given) {
  // Every character of `given` is compared, against a repeat of `expected`
  // when it is longer; the length difference is folded into the result.
  size_t diff = expected.size() ^ given.size();
  for (size_t i = 0; i < given.size(); ++i) {
    auto want = expected.empty() ? 0u : static_cast<unsigned char>(expected[i % expected.size()]);
    diff |= static_cast<unsigned char>(given[i]) ^ want;
  }
  return diff == 0;
}

std::vector<event> last_events(std::vector<event> events, uint32_t count) {
  if (events.size() > count)
    events.erase(events.begin(), events.end() - static_cast<std::ptrdiff_t>(count));
  return events;
}

} // namespace tn
