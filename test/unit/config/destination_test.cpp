#include "runtime/config/destination.hpp"
#include "test/unit/config/config_test_util.hpp"

using tn::classify_exchange_host;
using tn::exchange_destination;
using tn::test::accepted;
using tn::test::fake_env;
using tn::test::refusal;

TEST_CASE("destination: the host of a URL") {
  CHECK(tn::url_host("https://API.Binance.com/api/v3") == "api.binance.com");
  CHECK(tn::url_host("wss://stream.binance.com:9443/stream?streams=a") == "stream.binance.com");
  CHECK(tn::url_host("http://[::1]:8080") == "::1");
  CHECK(tn::url_host("https://localhost.:1") == "localhost");
  CHECK(tn::url_host("https://user@host.example:1") == "host.example");
}

TEST_CASE("destination: every host class") {
  for (auto host : {"127.0.0.1", "127.9.8.7", "::1", "localhost"}) {
    INFO(host);
    CHECK(classify_exchange_host(host) == exchange_destination::loopback);
  }
  for (auto host : {"testnet.binance.vision", "stream.testnet.binance.vision",
                    "demo-api.binance.com", "demo-stream.binance.com", "demo-fapi.binance.com",
                    "fstream.binancefuture.com", "testnet.binancefuture.com"}) {
    INFO(host);
    CHECK(classify_exchange_host(host) == exchange_destination::test);
  }
  // The real exchange, and anything we cannot vouch for, is live.
  for (auto host : {"api.binance.com", "api1.binance.com", "api4.binance.com", "api-gcp.binance.com",
                    "fapi.binance.com", "stream.binance.com", "fstream.binance.com",
                    "data-api.binance.vision", "binance.com", "10.0.0.7", "128.0.0.1",
                    "proxy.example.org", "testnet.binance.vision.evil.example", "::2"}) {
    INFO(host);
    CHECK(classify_exchange_host(host) == exchange_destination::live);
  }
}

namespace {

std::string exchange(const char* mode, const char* rest, const char* ws) {
  return std::string{"node: {mode: "} + mode + "}\nexchange: {rest_url: '" + rest + "', ws_url: '"
         + ws + "'}\n";
}

} // namespace

TEST_CASE("destination: the live switch follows the exchange host, not the mode") {
  auto no_switch = fake_env();
  CHECK_THAT(refusal(exchange("testnet", "https://api.binance.com", "wss://stream.testnet.binance.vision"),
                     no_switch),
             Catch::Contains("exchange.rest_url: api.binance.com is the real Binance exchange (real "
                             "money): it needs mode: live and LIVE_TRADING=true"));
  CHECK_THAT(refusal(exchange("testnet", "https://testnet.binance.vision", "wss://fstream.binance.com"),
                     no_switch),
             Catch::Contains("exchange.ws_url: fstream.binance.com is the real Binance exchange"));
  CHECK_THAT(refusal(exchange("testnet", "https://proxy.example.org", "wss://127.0.0.1:1"), no_switch),
             Catch::Contains("exchange.rest_url: proxy.example.org is neither loopback nor a "
                             "Binance testnet/demo host"));
  // Even with LIVE_TRADING set, testnet mode does not reach the real exchange.
  CHECK_THAT(refusal(exchange("testnet", "https://fapi.binance.com", "wss://127.0.0.1:1"),
                     fake_env({{"LIVE_TRADING", "true"}})),
             Catch::Contains("needs mode: live"));
  // Live mode needs the switch; with it the real hosts are fine.
  CHECK_THAT(refusal(exchange("live", "https://api.binance.com", "wss://stream.binance.com:9443"),
                     no_switch),
             Catch::Contains("LIVE_TRADING=true"));
  accepted(exchange("live", "https://api.binance.com", "wss://stream.binance.com:9443"),
           fake_env({{"LIVE_TRADING", "true"}}));
  // Testnet, demo and loopback are the non-live destinations with keys.
  accepted(exchange("testnet", "https://testnet.binance.vision", "wss://stream.testnet.binance.vision"),
           no_switch);
  accepted(exchange("testnet", "https://demo-fapi.binance.com", "wss://fstream.binancefuture.com"),
           no_switch);
  accepted(exchange("testnet", "https://127.0.0.1:18443", "wss://127.0.0.1:18443"), no_switch);
  // Paper mode sends no key: it may watch the real market.
  accepted(exchange("paper", "https://api.binance.com", "wss://stream.binance.com:9443"), no_switch);
}

TEST_CASE("destination: the exchange key never travels in clear text off loopback") {
  CHECK_THAT(refusal(exchange("testnet", "http://testnet.binance.vision", "wss://stream.testnet.binance.vision")),
             Catch::Contains("exchange.rest_url: mode testnet sends the API key to "
                             "testnet.binance.vision, which is not loopback, so the URL must use https"));
  CHECK_THAT(refusal(exchange("live", "https://api.binance.com", "ws://stream.binance.com:9443"),
                     fake_env({{"LIVE_TRADING", "true"}})),
             Catch::Contains("exchange.ws_url: mode live sends the API key to stream.binance.com, "
                             "which is not loopback, so the URL must use wss"));
  accepted(exchange("testnet", "http://127.0.0.1:18443", "ws://[::1]:18443"));
  accepted(exchange("paper", "http://10.0.0.2:8080", "ws://10.0.0.2:8080"));
}
