#pragma once

// The simulator on the network: REST and WebSocket handlers over the pure
// logic, and the pump that pushes kline updates at their scheduled times.

#include "runtime/net/server.hpp"
#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/faults.hpp"
#include "tools/exchange-sim/futures_engine.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/options.hpp"
#include "tools/exchange-sim/order_record.hpp"
#include "tools/exchange-sim/replay.hpp"
#include "tools/exchange-sim/signed.hpp"
#include "tools/exchange-sim/spot_engine.hpp"
#include "tools/exchange-sim/streams.hpp"
#include "tools/exchange-sim/weights.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace tn::net {
class io_thread;
} // namespace tn::net

namespace tn::sim {

class sim_server {
public:
  /// `start` is the market time the first streamed bar opens at.
  /// `futures_info` lists the symbols served as perpetuals on /fapi.
  sim_server(net::io_thread& io, const sim_options& opts, market m, exchange_info info,
             exchange_info futures_info, int64_t start);

  sim_server(const sim_server&) = delete;
  sim_server& operator=(const sim_server&) = delete;

  /// Listens and starts the replay; false with a reason on failure.
  bool start(std::string& error);

  /// The port it listens on (after start).
  uint16_t port() const;

  /// Stops listening and closes every connection.
  void stop();

private:
  struct client {
    std::shared_ptr<net::ws_session> ws;
    stream_session streams;
    stream_faults faults;
    bool dropped = false;
  };

  /// A message for a session, sent after the lock is released.
  struct delivery {
    std::shared_ptr<net::ws_session> ws;
    std::string text;
    bool drop_after = false;
  };

  void on_http(const net::http_request& req, std::function<void(net::http_response)> respond);
  /// The reply to `req` (under the lock); `drop`: close the connection
  /// instead of sending it (fault injection).
  http_reply answer(const net::http_request& req, const rest_context& ctx, bool& drop);
  /// A signed request that passed its checks.
  http_reply answer_private(const net::http_request& req, std::string_view path,
                            const request_target& params, const rest_context& ctx, bool& drop);
  /// Lets the accounts' resting orders meet the market update `u`.
  void match(const kline_update& u, int64_t wall_ms);
  void on_open(const std::shared_ptr<net::ws_session>& ws);
  void on_message(const std::shared_ptr<net::ws_session>& ws, std::string_view text);
  void on_close(const std::shared_ptr<net::ws_session>& ws);
  void pump();
  void deliver(const kline_update& u, std::vector<delivery>& out);

  net::io_thread& io_;
  const sim_options& opts_;
  std::mutex mutex_; // the handlers may run on several I/O threads
  market market_;
  exchange_info info_;
  exchange_info futures_info_;
  replay replay_;
  market_clock clock_;
  http_faults http_faults_;
  order_faults order_faults_;
  request_weights weights_;
  api_keys keys_;
  order_record record_;
  spot_engine spot_;
  futures_engine futures_;
  order_counts order_counts_;
  std::map<uint64_t, client> clients_;
  bool finished_logged_ = false;
  std::shared_ptr<net::server> server_;
};

} // namespace tn::sim
