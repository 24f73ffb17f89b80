#include "actors/market_replay/file_funding.hpp"

#include "actors/broker/paper_broker_actor.hpp"
#include "runtime/config/config.hpp"
#include "runtime/service.hpp"

#include <caf/actor.hpp>
#include <caf/expected.hpp>

namespace tn {

std::vector<funding_due> funding_schedule_of(const derivs_history& files,
                                             const std::vector<std::string>& symbols) {
  std::vector<funding_due> out;
  for (auto& symbol : symbols)
    for (auto& e : files.funding_events(symbol))
      out.push_back({symbol, e.time, e.rate});
  return out;
}

std::vector<node_service> with_file_funding(std::vector<node_service> table,
                                            std::shared_ptr<const derivs_history> files) {
  if (!files || files->empty())
    return table;
  for (auto& s : table) {
    if (s.spec.name != "broker" || s.section.name != "paper")
      continue; // the paper broker only
    s.spec.spawn = [files](service_context& ctx) -> caf::expected<caf::actor> {
      std::vector<funding_due> funding;
      if (ctx.cfg.exchange.market == market_kind::futures)
        funding = funding_schedule_of(*files, files->symbols());
      return spawn_paper_broker(ctx, std::move(funding));
    };
  }
  return table;
}

} // namespace tn
