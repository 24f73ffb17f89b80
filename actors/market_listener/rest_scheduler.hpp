#pragma once

// One queue for every market-data REST request of the node (the store's
// warm-up and refills, the listener's gap fills), paced by the exchange's
// request weight: one request in flight, none that would go over the
// limit, and a 429 or 418 pauses the whole queue for as long as the
// exchange asked, the request that met it going first when it resumes.
//
// Pacing runs on wall time on the I/O thread: the exchange counts weight
// in its wall-clock windows, and a backtest makes no REST requests. The
// arithmetic is weight_budget's, which takes the time as an argument.

#include "actors/market_listener/weight_budget.hpp"
#include "runtime/config/config.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace tn::net {
class http_client;
class io_thread;
struct http_result;
} // namespace tn::net

namespace tn {

class rest_scheduler : public std::enable_shared_from_this<rest_scheduler> {
public:
  rest_scheduler(net::io_thread& io, std::shared_ptr<net::http_client> client,
                 std::string limits_target);
  ~rest_scheduler();

  /// Queues a GET of `target` that costs `weight`. `done` runs once on the
  /// I/O thread with the answer, unless it is a 429 or 418: that request
  /// is sent again after the pause.
  void get(std::string target, int64_t weight, timespan timeout,
           std::function<void(net::http_result)> done);

private:
  struct item {
    std::string target;
    int64_t weight = 1;
    timespan timeout{};
    std::function<void(net::http_result)> done;
  };

  void pump();
  void answered(item it, net::http_result res);

  net::io_thread& io_;
  std::shared_ptr<net::http_client> client_;
  std::mutex mutex_;
  std::deque<item> queue_;
  weight_budget budget_;
  std::string limits_target_; // exchangeInfo, asked first; empty once answered
  timestamp limits_due_{};     // not asked again before this after a failure
  bool busy_ = false;         // a request is in flight, or a timer will pump
};

/// The node's scheduler for the exchange in `cfg`, shared by every caller
/// with the same I/O thread and REST URL while one of them holds it. Null
/// with `error` set if rest_url is unusable.
std::shared_ptr<rest_scheduler> shared_rest_scheduler(net::io_thread& io, const node_config& cfg,
                                                      std::string& error);

} // namespace tn
