#pragma once

// The binance broker's settings (config section `binance`, wired by the
// node in testnet and live mode). The API keys are not here: they come from
// the environment only (BINANCE_API_KEY, BINANCE_SECRET_KEY). Pure: no CAF.

#include "messages/fwd.hpp"
#include "runtime/exchange/market_kind.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace tn {

enum class margin_type : uint8_t { cross = 0, isolated };

struct binance_config {
  /// Spot or USDⓈ-M futures: the exchange section's market.
  market_kind market = market_kind::spot;

  /// The asset symbols are quoted in and the account is valued in.
  std::string quote_asset = "USDT";

  /// How long after its timestamp a signed request is still valid at the
  /// exchange (Binance: at most 60 s).
  timespan recv_window = std::chrono::seconds{5};

  /// A LIMIT_MAKER (spot) or GTX (futures) entry still resting after this
  /// long is canceled and its remainder sent as MARKET; zero: never.
  timespan maker_fallback = std::chrono::seconds{30};

  /// An open order is polled after `poll_initial`, then at doubling
  /// intervals up to `poll_max` while nothing changes.
  timespan poll_initial = std::chrono::seconds{1};
  timespan poll_max = std::chrono::seconds{30};

  /// The offset to the exchange's clock is measured with GET /time at
  /// start, before the first signed request, and again this often (event
  /// time); zero: only at start. A -1021 measures it at once as well.
  timespan time_sync = std::chrono::hours{1};

  /// Futures: set per symbol once before its first order.
  uint32_t leverage = 1;
  margin_type margin = margin_type::cross;

  /// "" if the settings are usable, otherwise the first problem, naming the
  /// key.
  [[nodiscard]] std::string validate() const;
};

/// The API key pair, read from the environment.
struct binance_keys {
  std::string api_key;
  std::string secret;
};

/// The environment variables the keys come from.
inline constexpr const char* binance_api_key_env = "BINANCE_API_KEY";
inline constexpr const char* binance_secret_env = "BINANCE_SECRET_KEY";

} // namespace tn
