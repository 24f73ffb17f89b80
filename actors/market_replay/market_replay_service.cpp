#include "actors/market_replay/market_replay_service.hpp"

#include "actors/market_listener/reconnect_backoff.hpp"
#include "actors/market_replay/file_history.hpp"
#include "actors/market_replay/backtest_section.hpp"
#include "actors/market_replay/market_replay_actor.hpp"
#include "actors/market_store/market_store_actor.hpp"
#include "actors/regime/regime_actor.hpp"
#include "actors/risk/risk_actor.hpp"
#include "messages/error.hpp"

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include <algorithm>

namespace tn {

namespace {

constexpr const char* listener_name = "market_listener";

} // namespace

node_service market_replay_service() {
  node_service s;
  s.spec.name = market_replay_name;
  s.runs = [](const node_config&) { return false; };
  s.section = backtest_section();
  return s;
}

std::vector<node_service> backtest_table(std::vector<node_service> table,
                                         std::shared_ptr<const replay_data> data,
                                         std::shared_ptr<const clock> now, uint64_t total,
                                         std::shared_ptr<const std::string> exchange_info) {
  // The listener's sinks, fed from the files.
  std::vector<std::string> sinks;
  auto listener = std::find_if(table.begin(), table.end(),
                               [](auto& s) { return s.spec.name == listener_name; });
  if (listener != table.end()) {
    sinks = listener->spec.peers;
    table.erase(listener);
  }
  // The journal keeps no copy of the bars: a backtest's bars are its data
  // files, the store's warm-up reads them, and writing every candle into
  // SQLite cost a fifth of a run's CPU.
  sinks.erase(std::remove(sinks.begin(), sinks.end(), "journal"), sinks.end());
  for (auto& s : table) {
    auto& name = s.spec.name;
    if (name == market_replay_name) {
      s.spec.peers = sinks;
      s.spec.spawn = [total](service_context& ctx) {
        return caf::expected<caf::actor>{
          caf::actor_cast<caf::actor>(spawn_market_replay(ctx.sys, total))};
      };
      s.runs = nullptr;
    } else if (name == "market_store") {
      s.spec.spawn = [data, now](service_context& ctx) {
        return spawn_market_store(ctx, make_file_history(data, now));
      };
      s.runs = nullptr;
    } else if (name == "risk" && exchange_info && !exchange_info->empty()) {
      s.spec.spawn = [exchange_info](service_context& ctx) -> caf::expected<caf::actor> {
        risk_setup setup;
        setup.cfg = ctx.cfg.section<risk_config>();
        if (auto why = setup.cfg.validate(); !why.empty())
          return caf::make_error(ec::invalid_config, why);
        // The saved body, answered as the exchange would.
        setup.fetch_rules = [exchange_info](risk_actor risk) {
          caf::anon_send(risk, atom::rules_v, *exchange_info, std::string{});
        };
        return caf::actor_cast<caf::actor>(spawn_risk(ctx.sys, std::move(setup)));
      };
    } else if (name == "regime_detector") {
      s.spec.spawn = [data, now](service_context& ctx) -> caf::expected<caf::actor> {
        auto& cfg = ctx.cfg.section<regime_config>();
        if (auto why = cfg.validate(); !why.empty())
          return caf::make_error(ec::invalid_config, why);
        return caf::actor_cast<caf::actor>(
          spawn_regime_detector(ctx.sys, cfg, make_file_daily_fetch(data, now),
                                ctx.cfg.market.reconnect, jitter_seed(ctx.cfg.market) + 2,
                                own_threads(ctx.cfg)));
      };
      s.runs = nullptr;
    }
    // Whoever the listener told of its bars, the replay tells.
    std::replace(s.announced_to.begin(), s.announced_to.end(), std::string{listener_name},
                 std::string{market_replay_name});
  }
  return table;
}

} // namespace tn
