#include "actors/market_store/history_source.hpp"

#include "actors/market_listener/klines_fetch.hpp"
#include "messages/market.hpp"
#include "runtime/net/http.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

namespace tn {

namespace {

class rest_history : public history_source {
public:
  rest_history(const exchange_section& cfg, std::shared_ptr<net::http_client> client)
    : timeout_(cfg.rest_timeout), prefix_(klines_prefix(cfg)), client_(std::move(client)) {
  }

  ~rest_history() override {
    client_->close();
  }

  void fetch(uint64_t id, const bar_request& req, const market_store_actor& store) override {
    // The I/O thread must not keep the store alive.
    auto weak = caf::actor_cast<caf::weak_actor_ptr>(store);
    fetch_klines(*client_, prefix_, req, timeout_,
                 [weak, id](klines_result res) {
                   auto strong = weak.lock();
                   if (!strong)
                     return;
                   auto hdl = caf::actor_cast<market_store_actor>(strong);
                   if (res.error.empty())
                     caf::anon_send(hdl, atom::warmup_v, id, std::move(res.bars));
                   else
                     caf::anon_send(hdl, atom::warmup_v, id, std::move(res.error),
                                    res.retry_after);
                 });
  }

private:
  timespan timeout_;
  std::string prefix_;
  std::shared_ptr<net::http_client> client_;
};

} // namespace

std::shared_ptr<history_source> make_rest_history(net::io_thread& io, const exchange_section& cfg,
                                                  std::string& error) {
  auto client = make_rest_client(io, cfg, error);
  if (!client)
    return nullptr;
  return std::make_shared<rest_history>(cfg, std::move(client));
}

} // namespace tn
