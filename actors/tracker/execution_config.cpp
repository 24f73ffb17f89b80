#include "actors/tracker/execution_config.hpp"

namespace tn {

std::string execution_config::validate() const {
  auto one = decimal::from_int(1);
  if (stop_limit_offset.is_negative() || stop_limit_offset >= one)
    return "execution.stop_limit_offset: must lie in [0, 1)";
  if (stop_min_step.is_negative() || stop_min_step >= one)
    return "execution.stop_min_step: must lie in [0, 1)";
  return {};
}

} // namespace tn
