#include "backtest/report/cutoff_config.hpp"

namespace tn::backtest {

model_cutoffs read_model_cutoffs(const detail::map_reader& section, std::string_view key) {
  model_cutoffs out;
  if (!section.has(key))
    return out;
  for (auto& [prefix, at] : section.named_entries(key)) {
    auto text = section.ctx().text(at, "a date (YYYY-MM-DD)");
    auto date = parse_cutoff_date(text);
    if (!date)
      section.ctx().fail(at, "expected a date as YYYY-MM-DD, got '" + text + "'");
    out.emplace(prefix, *date);
  }
  return out;
}

} // namespace tn::backtest
