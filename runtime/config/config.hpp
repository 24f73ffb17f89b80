#pragma once

// The node's configuration as typed structs. Loaded from YAML by
// load_config_file() / load_config_text() (runtime/config/load.hpp); every
// value here has passed validation. Secrets never live
// here: services read them from the environment. The kernel's sections are
// members; each service's own section is read next to the service
// (actors/<svc>/<svc>_section.cpp) and kept in `services`.

#include "messages/fwd.hpp"
#include "runtime/config/service_sections.hpp"
#include "runtime/exchange/market_kind.hpp"
#include "runtime/journal/retention.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace tn {

enum class run_mode : uint8_t { backtest, paper, testnet, live };

struct node_section {
  run_mode mode = run_mode::paper;
  std::string name = "tradenode";
  /// Directory for the journal and the heartbeat file; created if missing.
  std::string data_dir = "var";
  /// Heartbeat file, relative to data_dir unless absolute.
  std::string heartbeat_file = "heartbeat";
  timespan heartbeat_interval = std::chrono::seconds{30};
  /// Period of the terminal progress line; zero turns it off.
  timespan progress_interval = std::chrono::seconds{5};
  /// Period of the clock service's time messages.
  timespan clock_period = std::chrono::seconds{1};
};

struct exchange_section {
  market_kind market = market_kind::spot;
  /// Base URL of the REST API, e.g. https://api.binance.com.
  std::string rest_url = "https://127.0.0.1:18443";
  /// Base URL of the WebSocket streams, e.g. wss://stream.binance.com:9443.
  std::string ws_url = "wss://127.0.0.1:18443";
  /// PEM file of trusted CAs; empty: the system store.
  std::string ca_file;
  /// Timeout of one REST request.
  timespan rest_timeout = std::chrono::seconds{10};
};

struct backoff_policy {
  timespan initial = std::chrono::milliseconds{500};
  timespan max = std::chrono::seconds{30};
  /// Fraction of each delay drawn at random, in [0,1].
  double jitter = 0.2;
};

struct market_section {
  /// Symbols in any accepted form (BTCUSDT, BTC/USDT, BTC/USDT:USDT),
  /// normalised to the exchange form on load.
  std::vector<std::string> symbols = {"BTCUSDT"};
  /// Closed 1m bars fetched over REST per symbol at start.
  uint32_t warmup_bars = 500;
  /// Closed candles kept per symbol and interval.
  uint32_t history_bars = 1000;
  /// Reconnect policy of the stream connection.
  backoff_policy reconnect;
  /// A connection without a data frame (pings and pongs do not count) for
  /// this long is closed and reconnected.
  timespan idle_timeout = std::chrono::seconds{90};
  /// Seed of the reconnect and retry jitter; 0: drawn from the system's
  /// entropy at start, so nodes do not retry in step.
  uint32_t seed = 0;
};

/// What the supervisor does when a service fails (or ends unasked).
enum class failure_policy : uint8_t {
  /// Restart it with backoff; stop the node once it failed too often.
  restart,
  /// Stop the node at once.
  stop_node,
};

struct supervisor_section {
  /// Restarts allowed per service within `window` before the node stops.
  uint32_t max_restarts = 5;
  timespan window = std::chrono::seconds{60};
  backoff_policy backoff{std::chrono::milliseconds{100}, std::chrono::seconds{10}, 0.0};
  /// Per service name; a service not named here is restarted.
  std::map<std::string, failure_policy> policy;
};

struct watchdog_section {
  /// Market data silence that raises a watchdog event.
  timespan no_data = std::chrono::minutes{5};
};

struct event_log_section {
  /// Events kept per topic.
  uint32_t per_topic = 500;
};

struct journal_section {
  /// What the journal deletes as it ages; decisions are kept for good.
  journal_retention retention;
};

/// Certificate files of the console's mutual TLS (caf::openssl): the peer
/// must present a certificate signed by a CA in `cafile`.
struct console_tls {
  /// PEM certificate this side presents.
  std::string certificate;
  /// PEM private key of that certificate.
  std::string key;
  /// PEM file of the CAs the peer's certificate must chain to.
  std::string cafile;

  bool enabled() const {
    return !certificate.empty();
  }
};

struct console_section {
  /// Address the console listens on. Anything but loopback needs `tls` and
  /// an access token in the environment variable `auth_env`.
  std::string host = "127.0.0.1";
  /// TCP port; 0 turns the console off (the default of a config file
  /// without this section: two nodes on one machine must not collide).
  uint16_t port = 0;
  /// Environment variable holding the access token; unset or empty: no
  /// token (loopback only).
  std::string auth_env = "TRADENODE_CONSOLE_TOKEN";
  console_tls tls;
};

struct breaker_section {
  /// Consecutive failed model calls that open the breaker.
  uint32_t failures = 3;
  /// How long it stays open (event time) before the half-open probe.
  timespan open_for = std::chrono::minutes{15};
};

struct node_config {
  node_section node;
  exchange_section exchange;
  market_section market;
  supervisor_section supervisor;
  watchdog_section watchdog;
  event_log_section event_log;
  console_section console;
  journal_section journal;
  breaker_section breaker;
  service_sections services;

  /// A service's own section, e.g. section<gate_config>().
  template <class Section>
  const Section& section() const {
    return services.get<Section>();
  }
  template <class Section>
  Section& section() {
    return services.get<Section>();
  }
};

const char* to_string(run_mode x);
const char* to_string(failure_policy x);

} // namespace tn
