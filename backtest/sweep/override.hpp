#pragma once

// One sweep point's config: the base config's YAML with dotted-key
// overrides applied. A key that does not exist yet is added, so a typo
// reaches the normal config loader, which refuses unknown keys and names
// the one it refused. Comments of the base are not kept. Pure (yaml-cpp).

#include <string>
#include <utility>
#include <vector>

namespace tn::backtest {

/// Applies `overrides` (dotted key, YAML text of the value) to `base_yaml`
/// into `out`. False with `error` when the base does not parse, a value
/// does not parse, or a key passes through something that is not a map
/// ("trader.safety.stop_loss: trader.safety is not a map").
bool apply_overrides(const std::string& base_yaml,
                     const std::vector<std::pair<std::string, std::string>>& overrides,
                     std::string& out, std::string& error);

} // namespace tn::backtest
