#pragma once

// Repeated faults summarised per period: the first fault of a kind in a
// period is reported as it comes, the rest only counted and reported as
// one line when the period ends ("history BTCUSDT 1d failed x57 in 60 s:
// HTTP 429 ..."). A flaky stream then costs a line a minute on stderr and a
// row a minute in the journal, not one per frame. Time is an argument.

#include "messages/fwd.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

class fault_tally {
public:
  explicit fault_tally(timespan period) : period_(period) {
  }

  /// A fault of kind `what` (e.g. "malformed frame") at `now`; `detail`
  /// says why. The line to report now, if this is the first of its period.
  std::optional<std::string> record(timestamp now, const std::string& what,
                                    const std::string& detail);

  /// One line per kind whose period ended by `now` with faults not yet
  /// reported: "<what> x<count in the period> in <seconds> s: <last detail>".
  std::vector<std::string> flush(timestamp now);

private:
  struct kind {
    timestamp since;
    uint64_t count = 1;
    std::string last;
  };

  timespan period_;
  std::map<std::string, kind> kinds_;
};

} // namespace tn
