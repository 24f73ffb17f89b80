#include "actors/gate/first_check.hpp"

#include "actors/market_store/aggregate.hpp"

namespace tn {

first_check first_check_due(const gate_config& cfg, const std::vector<std::string>& symbols,
                            timestamp now, timestamp timer) {
  first_check due{timer, "the timer (gate.max_check)"};
  for (auto& symbol : symbols) {
    auto span = cfg.close_interval(symbol);
    auto close = bar_start(now, span) + length_of(span);
    if (close < due.at)
      due = {close, std::string{"the "} + to_string(span) + " candle close"};
  }
  return due;
}

} // namespace tn
