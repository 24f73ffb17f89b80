#include "actors/tracker/tracker_section.hpp"

#include "actors/tracker/tracker_config.hpp"
#include "runtime/config/section_reader.hpp"

#include <chrono>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

void read_tracker(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<tracker_config>();
  auto m = top.section("tracker", {"safety_cadence", "reevaluation_interval"});
  m.read("safety_cadence", out.safety_cadence, 1s, 1h);
  m.read("reevaluation_interval", out.reevaluation_interval, 0s, 7 * 24h);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "tracker", why);
}

} // namespace

config_section tracker_section() {
  return {"tracker", read_tracker};
}

} // namespace tn
