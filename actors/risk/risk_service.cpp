#include "actors/market_listener/klines_fetch.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "actors/risk/risk_service.hpp"

#include "actors/broker/order_path.hpp"
#include "actors/risk/risk_actor.hpp"
#include "actors/risk/risk_section.hpp"
#include "messages/error.hpp"
#include "runtime/net/http.hpp"
#include "runtime/service.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

namespace tn {

namespace {

/// exchangeInfo for the traded symbols only: a few kB instead of every
/// symbol's rules. Futures take no symbol list and answer every symbol.
std::string rules_target(const node_config& cfg) {
  auto target = klines_prefix(cfg.exchange) + "/exchangeInfo";
  auto& symbols = cfg.section<risk_config>().symbols;
  if (cfg.exchange.market != market_kind::spot || symbols.empty())
    return target;
  std::string list;
  for (auto& symbol : symbols)
    list += (list.empty() ? "%5B%22" : "%2C%22") + symbol + "%22";
  return target + "?symbols=" + list + "%5D";
}

/// Binance's request weight of that exchangeInfo request.
int64_t rules_weight(const node_config& cfg) {
  return cfg.exchange.market == market_kind::spot ? 20 : 1;
}

} // namespace

// The exchange's trading rules come through the node's weight-aware REST
// scheduler and are answered to the actor from the I/O thread.
caf::expected<caf::actor> spawn_risk(service_context& ctx) {
  risk_setup setup;
  setup.cfg = ctx.cfg.section<risk_config>();
  if (auto why = setup.cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  if (ctx.io != nullptr) {
    std::string error;
    auto rest = shared_rest_scheduler(*ctx.io, ctx.cfg, error);
    if (!rest)
      return caf::make_error(ec::invalid_config, "risk: " + error);
    setup.fetch_rules = [rest, target = rules_target(ctx.cfg), weight = rules_weight(ctx.cfg),
                         timeout = ctx.cfg.exchange.rest_timeout](risk_actor risk) {
      rest->get(target, weight, timeout, [risk](net::http_result r) {
        if (!r.ok())
          caf::anon_send(risk, atom::rules_v, std::string{}, r.error);
        else if (r.response.status != 200)
          caf::anon_send(risk, atom::rules_v, std::string{},
                         "HTTP " + std::to_string(r.response.status) + " "
                           + r.response.body.substr(0, 200));
        else
          caf::anon_send(risk, atom::rules_v, std::move(r.response.body), std::string{});
      });
    };
  }
  return caf::actor_cast<caf::actor>(spawn_risk(ctx.sys, std::move(setup)));
}

node_service risk_service() {
  node_service s;
  // Per decision it asks the broker (account), the tracker (positions), the
  // journal (can it write?) and the store (last prices).
  s.spec = {"risk", {"event_log", "journal", "broker", "position_tracker", "market_store"},
            [](service_context& ctx) { return spawn_risk(ctx); }};
  s.announced_to = {"clock"};
  s.runs = runs_order_path;
  s.section = risk_section();
  return s;
}

} // namespace tn
