#include "actors/derivatives/derivatives_section.hpp"

#include "actors/derivatives/derivatives_config.hpp"
#include "runtime/config/section_reader.hpp"

#include <chrono>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

void read_derivatives(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<derivatives_config>();
  auto m = top.section("derivatives", {"quiet_interval", "hot_interval", "hot_for", "oi_window",
                                       "cvd_window", "data_period", "retry_initial",
                                       "retry_max"});
  m.read("quiet_interval", out.quiet_interval, 10s, 24h);
  m.read("hot_interval", out.hot_interval, 10s, 24h);
  m.read("hot_for", out.hot_for, 0s, 24h);
  m.read("oi_window", out.oi_window, 5min, 7 * 24h);
  m.read("cvd_window", out.cvd_window, 1min, 7 * 24h);
  m.read("data_period", out.data_period);
  m.read("retry_initial", out.retry_initial, 1s, 1h);
  m.read("retry_max", out.retry_max, 1s, 24h);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "derivatives", why);
}

} // namespace

config_section derivatives_section() {
  return {"derivatives", read_derivatives};
}

} // namespace tn
