#pragma once

// Where the market store gets history. The real source fetches klines over
// REST through runtime/net; tests substitute a recording fake.

#include "actors/market_listener/rest_klines.hpp"
#include "messages/actors.hpp"
#include "runtime/config/config.hpp"

#include <memory>
#include <string>

namespace tn::net {
class io_thread;
}

namespace tn {

class history_source {
public:
  virtual ~history_source() = default;

  /// Fetches the bars of `req`; the answer comes back to `store` as
  /// (warmup, id, bars) or (warmup, id, error, retry_after).
  virtual void fetch(uint64_t id, const bar_request& req, const market_store_actor& store) = 0;
};

/// The REST source, through the node's REST scheduler; null with `error`
/// set if rest_url is unusable.
std::shared_ptr<history_source> make_rest_history(net::io_thread& io, const node_config& cfg,
                                                  std::string& error);

} // namespace tn
