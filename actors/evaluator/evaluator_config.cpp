#include "actors/evaluator/evaluator_config.hpp"

#include <cmath>
#include <utility>

namespace tn {

namespace {

// "" if x lies in (0, 1], else why, naming the key.
std::string check_fraction(const char* key, double x) {
  if (!std::isfinite(x) || x <= 0 || x > 1)
    return std::string{"evaluator."} + key + ": must lie in (0, 1]";
  return {};
}

} // namespace

std::string evaluator_config::validate() const {
  const std::pair<const char*, double> named[] = {{"trend", weights.trend},
                                                  {"momentum", weights.momentum},
                                                  {"volatility", weights.volatility},
                                                  {"volume", weights.volume},
                                                  {"regime", weights.regime}};
  double total = 0;
  for (auto& [name, w] : named) {
    if (!std::isfinite(w) || w < 0)
      return std::string{"evaluator.weights."} + name + ": must be >= 0";
    total += w;
  }
  if (total <= 0)
    return "evaluator.weights: at least one weight must be positive";
  if (auto why = check_fraction("entry_threshold", entry_threshold); !why.empty())
    return why;
  if (auto why = check_fraction("max_position_pct", max_position_pct); !why.empty())
    return why;
  if (next_check_seconds <= 0)
    return "evaluator.next_check_seconds: must be > 0";
  return {};
}

} // namespace tn
