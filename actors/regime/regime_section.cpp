#include "actors/regime/regime_section.hpp"

#include "actors/regime/regime_config.hpp"
#include "runtime/config/section_reader.hpp"
#include "runtime/config/symbol.hpp"

#include <chrono>
#include <limits>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

void read_regime(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<regime_config>();
  auto m = top.section("regime", {"symbol", "days", "min_days", "refit_every", "restarts", "seed",
                                  "max_iterations", "tolerance"});
  if (m.has("symbol")) {
    std::string written;
    m.read("symbol", written);
    out.symbol = to_exchange_symbol(written);
    if (!is_valid_exchange_symbol(out.symbol))
      m.ctx().fail(m.at("symbol"), "'" + written + "' is not a symbol");
  }
  m.read("days", out.days, 10, 999);
  m.read("min_days", out.min_days, 10, 999);
  m.read("refit_every", out.refit_every, 24h, 365 * 24h);
  m.read("restarts", out.hmm.restarts, 1, 100);
  auto seed = static_cast<uint32_t>(out.hmm.seed);
  m.read("seed", seed, 0, std::numeric_limits<uint32_t>::max());
  out.hmm.seed = seed;
  m.read("max_iterations", out.hmm.limits.max_iterations, 1, 100000);
  m.read("tolerance", out.hmm.limits.tolerance, 1e-12, 1.0);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "regime", why);
}

} // namespace

config_section regime_section() {
  return {"regime", read_regime};
}

} // namespace tn
