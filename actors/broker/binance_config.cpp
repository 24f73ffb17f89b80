#include "actors/broker/binance_config.hpp"

namespace tn {

std::string binance_config::validate() const {
  using std::chrono::seconds;
  if (quote_asset.empty())
    return "binance.quote_asset: empty";
  if (recv_window < std::chrono::milliseconds{1} || recv_window > seconds{60})
    return "binance.recv_window: must lie in [1ms, 60s] (Binance's limit)";
  if (maker_fallback.count() < 0)
    return "binance.maker_fallback: negative (0 turns the fallback off)";
  if (poll_initial.count() <= 0)
    return "binance.poll_interval.initial: must be positive";
  if (poll_max < poll_initial)
    return "binance.poll_interval.max: below poll_interval.initial";
  if (time_sync.count() < 0)
    return "binance.time_sync: negative (0 syncs only at start)";
  if (leverage < 1 || leverage > 125)
    return "binance.leverage: " + std::to_string(leverage) + " is outside [1, 125]";
  return {};
}

} // namespace tn
