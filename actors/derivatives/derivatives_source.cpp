#include "actors/derivatives/derivatives_source.hpp"

#include "actors/market_listener/klines_fetch.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "runtime/net/http.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include <fmt/format.h>

namespace tn {

namespace {

class rest_derivatives : public derivatives_source {
public:
  rest_derivatives(const exchange_section& cfg, std::shared_ptr<rest_scheduler> rest)
    : cfg_(cfg), rest_(std::move(rest)) {
  }

  void fetch(const std::string& symbol, derivs_query what, std::string target, int64_t weight,
             const derivatives_monitor_actor& monitor) override {
    // The I/O thread must not keep the monitor alive.
    auto weak = caf::actor_cast<caf::weak_actor_ptr>(monitor);
    rest_->get(std::move(target), weight, cfg_.rest_timeout,
               [weak, symbol, what](net::http_result result) {
                 auto strong = weak.lock();
                 if (!strong)
                   return;
                 auto hdl = caf::actor_cast<derivatives_monitor_actor>(strong);
                 auto& res = result.response;
                 if (!result.ok())
                   caf::anon_send(hdl, atom::fetched_v, symbol, what, std::move(result.error),
                                  timespan{});
                 else if (res.status != 200)
                   caf::anon_send(hdl, atom::fetched_v, symbol, what,
                                  fmt::format("HTTP {}: {}", res.status, res.body.substr(0, 200)),
                                  retry_after(res.header("Retry-After")));
                 else
                   caf::anon_send(hdl, atom::fetched_v, symbol, what, std::move(res.body));
               });
  }

private:
  exchange_section cfg_;
  std::shared_ptr<rest_scheduler> rest_;
};

} // namespace

std::shared_ptr<derivatives_source> make_rest_derivatives(net::io_thread& io,
                                                          const node_config& cfg,
                                                          std::string& error) {
  auto rest = shared_rest_scheduler(io, cfg, error);
  if (!rest)
    return nullptr;
  return std::make_shared<rest_derivatives>(cfg.exchange, std::move(rest));
}

} // namespace tn
