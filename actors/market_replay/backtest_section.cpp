#include "actors/market_replay/backtest_section.hpp"

#include "actors/market_replay/backtest_config.hpp"
#include "backtest/report/cutoff_config.hpp"
#include "runtime/config/section_reader.hpp"

namespace tn {

namespace {

using detail::map_reader;

void read_time(const map_reader& m, std::string_view key, timestamp& out) {
  if (!m.has(key))
    return;
  auto at = m.at(key);
  auto text = m.ctx().text(at, "a UTC time");
  if (text.empty()) {
    out = timestamp{};
    return;
  }
  if (!parse_utc_time(text, out))
    m.ctx().fail(at, "expected a UTC time as YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z], got '"
                       + text + "'");
}

void read_backtest(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<backtest_config>();
  auto m = top.section("backtest", {"data", "from", "to", "out", "seed", "exchange_info", "model_cutoffs",
                                    "funding", "open_interest", "long_short_ratio"});
  for (auto [key, files] : {std::pair{"data", &out.data}, std::pair{"funding", &out.funding},
                            std::pair{"open_interest", &out.open_interest},
                            std::pair{"long_short_ratio", &out.long_short_ratio}}) {
    if (!m.has(key))
      continue;
    files->clear();
    for (auto& at : m.list(key))
      files->push_back(m.ctx().text(at, "a file name"));
  }
  read_time(m, "from", out.from);
  read_time(m, "to", out.to);
  m.read("out", out.out);
  m.read("exchange_info", out.exchange_info);
  m.read("seed", out.seed, 0, 4'294'967'295u);
  if (m.has("model_cutoffs"))
    out.model_cutoffs = backtest::read_model_cutoffs(m);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "backtest", why);
}

} // namespace

config_section backtest_section() {
  return {"backtest", read_backtest};
}

} // namespace tn
