#include "actors/broker/paper_section.hpp"

#include "actors/broker/paper_config.hpp"
#include "runtime/config/section_reader.hpp"

namespace tn {

namespace {

using detail::map_reader;

void read_paper(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<paper_config>();
  auto m = top.section("paper", {"quote_asset", "starting_balances", "maker_fee", "taker_fee",
                                 "slippage", "maker_fallback"});
  m.read("quote_asset", out.quote_asset);
  if (m.has("starting_balances")) {
    out.starting_balances.clear();
    for (auto& [asset, at] : m.named_entries("starting_balances")) {
      auto text = m.ctx().text(at, "an amount");
      auto amount = decimal::parse(text);
      if (!amount || amount->is_negative())
        m.ctx().fail(at, "expected an amount of at least 0 with at most 8 decimals, got '"
                           + text + "'");
      out.starting_balances[asset] = *amount;
    }
  }
  auto one_percent = decimal::from_units(1'000'000);
  m.read("maker_fee", out.maker_fee, decimal{}, one_percent);
  m.read("taker_fee", out.taker_fee, decimal{}, one_percent);
  m.read("slippage", out.slippage, decimal{}, decimal::from_units(5'000'000));
  m.read("maker_fallback", out.maker_fallback, timespan{}, std::chrono::hours{24});
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "paper", why);
}

} // namespace

config_section paper_section() {
  return {"paper", read_paper};
}

} // namespace tn
