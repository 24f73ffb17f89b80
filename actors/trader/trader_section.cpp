#include "actors/trader/trader_section.hpp"

#include "actors/trader/trader_config.hpp"
#include "runtime/config/section_reader.hpp"

#include <algorithm>

namespace tn {

namespace {

using detail::map_reader;

void read_trader(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<trader_config>();
  auto m = top.section("trader", {"prompt_bars", "prompt_intervals", "safety"});
  m.read("prompt_bars", out.prompt_bars, 1, 500);
  if (m.has("prompt_intervals")) {
    auto items = m.list("prompt_intervals");
    if (items.empty())
      m.ctx().fail(m.at("prompt_intervals"), "the list is empty; name at least 1h");
    out.prompt_intervals.clear();
    for (auto& item : items) {
      auto span = detail::read_interval(m.ctx(), item);
      if (std::find(out.prompt_intervals.begin(), out.prompt_intervals.end(), span)
          != out.prompt_intervals.end())
        m.ctx().fail(item, std::string{"duplicate interval "} + to_string(span));
      out.prompt_intervals.push_back(span);
    }
  }
  // The evaluator scores 1h bars: without them it could only hold.
  if (std::find(out.prompt_intervals.begin(), out.prompt_intervals.end(), interval::h1)
      == out.prompt_intervals.end())
    m.ctx().fail(m.at("prompt_intervals"), "must include 1h (the evaluator scores 1h bars)");
  auto s = m.section("safety", {"stop_loss", "trailing_stop", "trailing_activation"});
  s.read("stop_loss", out.safety.stop_loss, 0.001, 0.5);
  s.read("trailing_stop", out.safety.trailing_stop, 0.001, 0.9);
  s.read("trailing_activation", out.safety.trailing_activation, 0.0, 10.0);
}

} // namespace

config_section trader_section() {
  return {"trader", read_trader};
}

} // namespace tn
