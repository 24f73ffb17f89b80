#include "actors/evaluator/evaluator_section.hpp"

#include "actors/evaluator/evaluator_config.hpp"
#include "runtime/config/section_reader.hpp"

namespace tn {

namespace {

using detail::map_reader;

void read_evaluator(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<evaluator_config>();
  auto m = top.section("evaluator", {"weights", "entry_threshold", "max_position_pct",
                                     "next_check_seconds"});
  auto w = m.section("weights", {"trend", "momentum", "volatility", "volume", "regime"});
  w.read("trend", out.weights.trend, 0.0, 100.0);
  w.read("momentum", out.weights.momentum, 0.0, 100.0);
  w.read("volatility", out.weights.volatility, 0.0, 100.0);
  w.read("volume", out.weights.volume, 0.0, 100.0);
  w.read("regime", out.weights.regime, 0.0, 100.0);
  m.read("entry_threshold", out.entry_threshold, 0.0, 1.0);
  m.read("max_position_pct", out.max_position_pct, 0.0, 1.0);
  uint32_t next = static_cast<uint32_t>(out.next_check_seconds);
  m.read("next_check_seconds", next, 60, 7 * 86400);
  out.next_check_seconds = next;
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "evaluator", why);
}

} // namespace

config_section evaluator_section() {
  return {"evaluator", read_evaluator};
}

} // namespace tn
