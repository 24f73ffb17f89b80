#include "actors/market_listener/transport.hpp"

#include "actors/market_listener/kline_parser.hpp"
#include "actors/market_listener/klines_fetch.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "messages/market.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/url.hpp"
#include "runtime/net/ws_client.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

namespace tn {

namespace {

// Callbacks run on the I/O thread and must not keep the listener alive:
// they hold a weak reference and drop events once it is gone.
class listener_ref {
public:
  explicit listener_ref(const market_listener_actor& hdl)
    : weak_(caf::actor_cast<caf::weak_actor_ptr>(hdl)) {
  }

  template <class... Ts>
  void send(Ts&&... xs) const {
    if (auto strong = weak_.lock())
      caf::anon_send(caf::actor_cast<market_listener_actor>(strong), std::forward<Ts>(xs)...);
  }

private:
  caf::weak_actor_ptr weak_;
};

class net_transport : public market_transport {
public:
  net_transport(net::io_thread& io, const exchange_section& cfg, timespan idle_timeout,
                std::shared_ptr<rest_scheduler> rest)
    : io_(io), cfg_(cfg), idle_timeout_(idle_timeout), rest_(std::move(rest)) {
  }

  ~net_transport() override {
    close_stream();
  }

  void open_stream(const std::string& text, uint64_t conn,
                   const market_listener_actor& listener) override {
    close_stream();
    listener_ref ref{listener};
    net::url target;
    std::string error;
    if (!net::parse_url(text, target, error)) {
      ref.send(atom::ws_closed_v, conn, "bad stream URL: " + error);
      return;
    }
    // One parser per connection, used only on the I/O thread.
    auto parser = std::make_shared<kline_parser>();
    auto frame = std::make_shared<parsed_frame>();
    net::ws_callbacks cbs;
    cbs.on_open = [ref, conn] { ref.send(atom::ws_open_v, conn); };
    cbs.on_message = [ref, conn, parser, frame](std::string_view text) {
      parser->parse(text, *frame);
      switch (frame->kind) {
        case frame_kind::kline: {
          tick_batch batch;
          append_to_batch(*frame, batch);
          if (!batch.ticks.empty())
            ref.send(atom::frame_v, conn, std::move(batch));
          break;
        }
        case frame_kind::error:
          ref.send(atom::frame_v, conn, frame->error);
          break;
        case frame_kind::shutdown:
          ref.send(atom::connect_v);
          break;
        case frame_kind::control:
        case frame_kind::other:
          break;
      }
    };
    cbs.on_close = [ref, conn](std::string reason) {
      ref.send(atom::ws_closed_v, conn, std::move(reason));
    };
    stream_ = net::ws_client::connect(io_, target, net::tls_client_options{cfg_.ca_file},
                                      std::move(cbs), cfg_.rest_timeout, idle_timeout_);
  }

  void close_stream() override {
    if (stream_) {
      stream_->close();
      stream_.reset();
    }
  }

  void fetch_gap(const bar_request& req, const market_listener_actor& listener) override {
    listener_ref ref{listener};
    fetch_klines(*rest_, cfg_, req, [ref, symbol = req.symbol](klines_result res) {
                   if (res.error.empty())
                     ref.send(atom::gap_fill_v, symbol, std::move(res.bars));
                   else
                     ref.send(atom::gap_fill_v, symbol, std::move(res.error), res.retry_after);
                 });
  }

private:
  net::io_thread& io_;
  exchange_section cfg_;
  timespan idle_timeout_;
  std::shared_ptr<rest_scheduler> rest_;
  std::shared_ptr<net::ws_client> stream_;
};

} // namespace

std::unique_ptr<market_transport> make_net_transport(net::io_thread& io, const node_config& cfg,
                                                     std::string& error) {
  auto rest = shared_rest_scheduler(io, cfg, error);
  if (!rest)
    return nullptr;
  // The socket's own timeout (any frame, pings included) only catches a
  // dead TCP connection; the listener judges the data.
  return std::make_unique<net_transport>(io, cfg.exchange, 2 * cfg.market.idle_timeout,
                                         std::move(rest));
}

} // namespace tn
