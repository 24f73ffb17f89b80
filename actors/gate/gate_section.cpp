#include "actors/gate/gate_section.hpp"

#include "actors/gate/gate_config.hpp"
#include "runtime/config/section_reader.hpp"
#include "runtime/config/symbol.hpp"

#include <algorithm>
#include <chrono>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

void read_gate(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<gate_config>();
  auto& symbols = cfg.market.symbols;
  auto m = top.section("gate", {"style", "intervals", "symbol_intervals", "min_check",
                                "max_check", "zscore_window", "zscore_min_samples",
                                "zscore_price_threshold", "zscore_volume_threshold",
                                "cooldown", "min_spacing", "max_decisions_per_day",
                                "close_grace", "funding_threshold", "funding_lead"});
  m.read("style", out.style, {{"swing", trading_style::swing}, {"daily", trading_style::daily}});
  auto styles = m.section("intervals", {"swing", "daily"});
  for (auto style : {trading_style::swing, trading_style::daily})
    if (styles.has(to_string(style)))
      out.style_intervals[style] = detail::read_interval(m.ctx(), styles.at(to_string(style)));
  for (auto& [written, at] : m.named_entries("symbol_intervals")) {
    auto symbol = to_exchange_symbol(written);
    if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end())
      m.ctx().fail(at, "symbol '" + written + "' is not in market.symbols");
    out.symbol_intervals[symbol] = detail::read_interval(m.ctx(), at);
  }
  m.read("min_check", out.min_check, 1min, 24h);
  m.read("max_check", out.max_check, 1min, 7 * 24h);
  uint32_t window = static_cast<uint32_t>(out.zscore_window);
  m.read("zscore_window", window, 2, 100000);
  out.zscore_window = window;
  uint32_t min_samples = static_cast<uint32_t>(out.zscore_min_samples);
  m.read("zscore_min_samples", min_samples, 2, 100000);
  out.zscore_min_samples = min_samples;
  m.read("zscore_price_threshold", out.zscore_price_threshold, 0.5, 100.0);
  m.read("zscore_volume_threshold", out.zscore_volume_threshold, 0.5, 100.0);
  m.read("cooldown", out.cooldown, 0s, 24h);
  m.read("min_spacing", out.min_spacing, 0s, 24h);
  m.read("max_decisions_per_day", out.max_decisions_per_day, 1, 1440);
  m.read("close_grace", out.close_grace, 0s, 1min);
  m.read("funding_threshold", out.funding_threshold, 0.0, 0.01);
  m.read("funding_lead", out.funding_lead, 0s, 8h);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "gate", why);
}

} // namespace

config_section gate_section() {
  return {"gate", read_gate};
}

} // namespace tn
