#include "actors/tracker/execution_section.hpp"

#include "actors/tracker/execution_config.hpp"
#include "runtime/config/section_reader.hpp"

namespace tn {

namespace {

using detail::map_reader;

void read_execution(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<execution_config>();
  auto m = top.section("execution", {"protective_stop", "stop_limit_offset", "stop_min_step"});
  m.read("protective_stop", out.protective_stop,
         {{"node", protective_stop_mode::node}, {"exchange", protective_stop_mode::exchange}});
  auto five_percent = decimal::from_units(5'000'000);
  m.read("stop_limit_offset", out.stop_limit_offset, decimal{}, five_percent);
  m.read("stop_min_step", out.stop_min_step, decimal{}, five_percent);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "execution", why);
}

} // namespace

config_section execution_section() {
  return {"execution", read_execution};
}

} // namespace tn
