#include "actors/market_store/history_source.hpp"

#include "actors/market_listener/klines_fetch.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "messages/market.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

namespace tn {

namespace {

class rest_history : public history_source {
public:
  rest_history(const exchange_section& cfg, std::shared_ptr<rest_scheduler> rest)
    : cfg_(cfg), rest_(std::move(rest)) {
  }

  void fetch(uint64_t id, const bar_request& req, const market_store_actor& store) override {
    // The I/O thread must not keep the store alive.
    auto weak = caf::actor_cast<caf::weak_actor_ptr>(store);
    fetch_klines(*rest_, cfg_, req, [weak, id](klines_result res) {
      auto strong = weak.lock();
      if (!strong)
        return;
      auto hdl = caf::actor_cast<market_store_actor>(strong);
      if (res.error.empty())
        caf::anon_send(hdl, atom::warmup_v, id, std::move(res.bars));
      else
        caf::anon_send(hdl, atom::warmup_v, id, std::move(res.error), res.retry_after);
    });
  }

private:
  exchange_section cfg_;
  std::shared_ptr<rest_scheduler> rest_;
};

} // namespace

std::shared_ptr<history_source> make_rest_history(net::io_thread& io, const node_config& cfg,
                                                  std::string& error) {
  auto rest = shared_rest_scheduler(io, cfg, error);
  if (!rest)
    return nullptr;
  return std::make_shared<rest_history>(cfg.exchange, std::move(rest));
}

} // namespace tn
