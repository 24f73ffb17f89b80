#include "actors/learner/learner_section.hpp"

#include "actors/learner/learner_config.hpp"
#include "runtime/config/section_reader.hpp"

#include <limits>

namespace tn {

namespace {

using detail::map_reader;

void read_learner(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<learner_config>();
  auto m = top.section("learner", {"min_trades", "prior_alpha", "prior_beta", "max_signals",
                                   "seed"});
  m.read("min_trades", out.min_trades, 0, 100000);
  m.read("prior_alpha", out.prior_alpha, 0.01, 1000.0);
  m.read("prior_beta", out.prior_beta, 0.01, 1000.0);
  m.read("max_signals", out.max_signals, 1, 1000);
  m.read("seed", out.seed, 0, std::numeric_limits<uint32_t>::max());
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "learner", why);
}

} // namespace

config_section learner_section() {
  return {"learner", read_learner};
}

} // namespace tn
