#include "actors/risk/risk_section.hpp"

#include "actors/risk/risk_config.hpp"
#include "runtime/config/section_reader.hpp"
#include "runtime/config/symbol.hpp"

#include <algorithm>

namespace tn {

namespace {

using detail::map_reader;

void read_risk(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<risk_config>();
  auto m = top.section("risk", {"symbols", "max_position_pct", "min_add_pct", "max_total_exposure_pct",
                                "max_leverage", "max_orders_per_minute", "min_notional",
                                "max_notional", "max_daily_loss_pct", "kill_switch_reset",
                                "entry_type"});
  out.market = cfg.exchange.market;
  auto& watched = cfg.market.symbols;
  out.symbols = watched;
  if (m.has("symbols")) {
    out.symbols.clear();
    for (auto& item : m.list("symbols")) {
      auto symbol = to_exchange_symbol(m.ctx().text(item, "a symbol"));
      if (std::find(watched.begin(), watched.end(), symbol) == watched.end())
        m.ctx().fail(item, "symbol '" + symbol + "' is not in market.symbols");
      out.symbols.push_back(symbol);
    }
  }
  auto one = decimal::from_int(1);
  auto most = decimal::from_int(125);
  auto smallest = decimal::from_units(1);
  auto billion = decimal::from_int(1'000'000'000);
  m.read("max_position_pct", out.max_position_pct, smallest, most);
  m.read("min_add_pct", out.min_add_pct, decimal{}, one);
  m.read("max_total_exposure_pct", out.max_total_exposure_pct, smallest, most);
  m.read("max_leverage", out.max_leverage, one, most);
  m.read("max_orders_per_minute", out.max_orders_per_minute, 1, 1200);
  m.read("min_notional", out.min_notional, decimal{}, billion);
  m.read("max_notional", out.max_notional, decimal{}, billion);
  m.read("max_daily_loss_pct", out.max_daily_loss_pct, smallest, one);
  m.read("kill_switch_reset", out.reset,
         {{"next_day", kill_switch_reset::next_day}, {"manual", kill_switch_reset::manual}});
  m.read("entry_type", out.entry_type,
         {{"market", order_type::market}, {"limit_maker", order_type::limit_maker}});
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "risk", why);
}

} // namespace

config_section risk_section() {
  return {"risk", read_risk};
}

} // namespace tn
