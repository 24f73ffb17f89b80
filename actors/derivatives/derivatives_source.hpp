#pragma once

// Where the derivatives monitor asks its questions. The real source sends
// them through the node's weight-aware REST scheduler (the one the market
// services share), which paces them by X-MBX-USED-WEIGHT and holds the whole
// queue on a 429 or 418 for as long as the exchange asks.

#include "messages/actors.hpp"
#include "messages/derivatives.hpp"
#include "runtime/config/config.hpp"

#include <memory>
#include <string>

namespace tn::net {
class io_thread;
}

namespace tn {

class derivatives_source {
public:
  virtual ~derivatives_source() = default;

  /// Sends GET `target` (weight `weight`) for `symbol`; the answer comes
  /// back to `monitor` as (fetched, symbol, what, body) or (fetched,
  /// symbol, what, error, retry_after).
  virtual void fetch(const std::string& symbol, derivs_query what, std::string target,
                     int64_t weight, const derivatives_monitor_actor& monitor) = 0;

  /// Whether the source can answer `what` about `symbol` at all (the
  /// exchange answers everything; a backtest's files may hold funding but
  /// no open interest). The monitor does not ask what it cannot answer.
  virtual bool answers(const std::string& symbol, derivs_query what) const {
    (void) symbol;
    (void) what;
    return true;
  }
};

/// The REST source through the node's scheduler; null with `error` set if
/// rest_url is unusable.
std::shared_ptr<derivatives_source> make_rest_derivatives(net::io_thread& io,
                                                          const node_config& cfg,
                                                          std::string& error);

} // namespace tn
