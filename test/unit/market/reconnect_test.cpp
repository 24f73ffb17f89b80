#include "actors/market_listener/reconnect_backoff.hpp"
#include "actors/market_listener/stream_url.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("reconnect delays double up to the cap and restart after a success") {
  reconnect_backoff b{{100ms, 1s, 0.0}, 1};
  CHECK(b.next() == 100ms);
  CHECK(b.next() == 200ms);
  CHECK(b.next() == 400ms);
  CHECK(b.next() == 800ms);
  CHECK(b.next() == 1s);
  CHECK(b.next() == 1s);
  CHECK(b.attempts() == 6);
  b.reset();
  CHECK(b.attempts() == 0);
  CHECK(b.next() == 100ms);
}

TEST_CASE("jitter stays within its fraction and is reproducible for a seed") {
  reconnect_backoff a{{1s, 1s, 0.5}, 42};
  reconnect_backoff b{{1s, 1s, 0.5}, 42};
  bool varied = false;
  timespan first = a.next();
  CHECK(first == b.next());
  for (int i = 0; i < 100; ++i) {
    auto d = a.next();
    CHECK(d == b.next());
    CHECK(d >= 500ms);
    CHECK(d <= 1s);
    varied |= d != first;
  }
  CHECK(varied);
}

TEST_CASE("the jitter seed is the configured one, else drawn from entropy") {
  market_section cfg;
  cfg.seed = 42;
  CHECK(jitter_seed(cfg) == 42);
  cfg.seed = 0;
  // Two nodes started with the default config do not retry in step.
  CHECK(jitter_seed(cfg) != jitter_seed(cfg));
}

TEST_CASE("the combined kline stream URL names every symbol in lower case") {
  exchange_section ex;
  ex.ws_url = "wss://stream.binance.com:9443/";
  CHECK(kline_stream_url(ex, {"BTCUSDT", "ETHUSDT"})
        == "wss://stream.binance.com:9443/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m");
  ex.market = market_kind::futures;
  ex.ws_url = "wss://fstream.binance.com";
  CHECK(kline_stream_url(ex, {"BTCUSDT"})
        == "wss://fstream.binance.com/market/stream?streams=btcusdt@kline_1m");
}
