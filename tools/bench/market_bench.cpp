// Market data benchmark, on the same recorded Binance kline frames:
//   1. raw parse rate: frames/s through kline_parser (simdjson), one thread;
//   2. pipeline rate: frames/s from a loopback WSS server through the real
//      market_listener (runtime/net transport, parse on the I/O thread) into
//      the real market_store, until the listener has counted every frame.
// Each figure is the median of several runs; the ratio says how much of the
// parser's speed the whole path keeps.
//
// usage: market_bench [frames=200000] [runs=5]

#include "actors/market_listener/kline_parser.hpp"
#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/market_store/market_store_behavior.hpp"
#include "messages/register.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "runtime/net/url.hpp"
#include "runtime/net/ws_client.hpp"
#include "tools/bench/frame_server.hpp"
#include "tools/bench/median.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

using namespace tn;
using tn::bench::median;
using clock_type = std::chrono::steady_clock;

namespace {

std::vector<std::string> recorded_frames() {
  std::vector<std::string> frames;
  std::ifstream in{std::string{TN_SHARED_DATA} + "/ws/futures-um-kline-events-2021-07-22.jsonl"};
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      frames.push_back(line);
  return frames;
}

double parse_rate(const std::vector<std::string>& frames) {
  kline_parser parser;
  parsed_frame out;
  size_t klines = 0;
  auto start = clock_type::now();
  for (auto& f : frames) {
    parser.parse(f, out);
    klines += out.kind == frame_kind::kline;
  }
  std::chrono::duration<double> secs = clock_type::now() - start;
  if (klines != frames.size())
    throw std::runtime_error("recorded frames failed to parse");
  return static_cast<double>(frames.size()) / secs.count();
}

// WSS alone: frames/s a bare ws_client receives from the same server, to
// tell transport cost from actor cost.
double transport_rate(net::io_thread& server_io, net::io_thread& io,
                      std::shared_ptr<const std::vector<std::string>> frames) {
  std::string error;
  auto server = bench::serve_frames(server_io, TN_TEST_PKI, frames, error);
  if (!server)
    throw std::runtime_error("server: " + error);
  net::url target;
  net::parse_url(fmt::format("wss://127.0.0.1:{}/stream", server->port()), target, error);
  std::promise<void> done;
  auto count = std::make_shared<size_t>(0);
  net::ws_callbacks cbs;
  cbs.on_message = [&, count](std::string_view) {
    if (++*count == frames->size())
      done.set_value();
  };
  auto start = clock_type::now();
  auto client = net::ws_client::connect(io, target, {std::string{TN_TEST_PKI} + "/ca.pem"},
                                        std::move(cbs), std::chrono::seconds{10},
                                        std::chrono::seconds{60});
  done.get_future().wait();
  std::chrono::duration<double> secs = clock_type::now() - start;
  client->close();
  server->stop();
  return static_cast<double>(frames->size()) / secs.count();
}

// The server has its own I/O thread, as a remote exchange would: only the
// node's side shares `io`.
double pipeline_rate(caf::actor_system& sys, net::io_thread& server_io, net::io_thread& io,
                     std::shared_ptr<const std::vector<std::string>> frames) {
  std::string error;
  auto server = bench::serve_frames(server_io, TN_TEST_PKI, frames, error);
  if (!server)
    throw std::runtime_error("server: " + error);
  node_config cfg;
  cfg.market.symbols = {"CTKUSDT", "SUSHIUSDT", "AKROUSDT", "KEEPUSDT"};
  cfg.exchange.market = market_kind::futures;
  cfg.exchange.rest_url = fmt::format("https://127.0.0.1:{}", server->port());
  cfg.exchange.ws_url = fmt::format("wss://127.0.0.1:{}", server->port());
  cfg.exchange.ca_file = std::string{TN_TEST_PKI} + "/ca.pem";
  auto history = make_rest_history(io, cfg, error);
  auto transport = make_net_transport(io, cfg, error);
  if (!history || !transport)
    throw std::runtime_error("transport: " + error);
  auto store = sys.spawn(market_store_behavior, cfg, history, uint64_t{1});
  auto start = clock_type::now();
  auto listener = sys.spawn(market_listener_behavior, cfg,
                            std::shared_ptr<market_transport>{std::move(transport)}, uint64_t{1});
  caf::scoped_actor self{sys};
  self->send(listener, atom::announce_v, std::string{"market_store"},
             caf::actor_cast<caf::strong_actor_ptr>(store));
  uint64_t seen = 0;
  while (seen < frames->size()) {
    std::this_thread::sleep_for(std::chrono::milliseconds{2});
    self->request(listener, std::chrono::seconds{10}, atom::frame_v)
      .receive([&](const feed_stats& st) { seen = st.frames; },
               [&](caf::error& e) { throw std::runtime_error(sys.render(e)); });
  }
  std::chrono::duration<double> secs = clock_type::now() - start;
  // The store has taken every batch the listener forwarded once its own
  // mailbox is drained; a status round trip waits for that.
  self->request(store, std::chrono::seconds{10}, atom::status_v)
    .receive([](const status_report&) {}, [](caf::error&) {});
  self->send_exit(listener, caf::exit_reason::user_shutdown);
  self->send_exit(store, caf::exit_reason::user_shutdown);
  server->stop();
  return static_cast<double>(frames->size()) / secs.count();
}

} // namespace

int main(int argc, char** argv) {
  size_t total = argc > 1 ? std::stoul(argv[1]) : 200000;
  int runs = argc > 2 ? std::stoi(argv[2]) : 5;
  auto recorded = recorded_frames();
  if (recorded.empty()) {
    fmt::print(stderr, "no recorded frames under {}\n", TN_SHARED_DATA);
    return 1;
  }
  auto frames = std::make_shared<std::vector<std::string>>();
  for (size_t i = 0; i < total; ++i)
    frames->push_back(recorded[i % recorded.size()]);
  caf::actor_system_config cfg;
  add_message_types(cfg);
  cfg.set("scheduler.max-threads", size_t{2});
  caf::actor_system sys{cfg};
  net::io_thread server_io{1};
  net::io_thread io{1};
  std::vector<double> parse, transport, pipeline;
  for (int r = 0; r < runs; ++r) {
    parse.push_back(parse_rate(*frames));
    transport.push_back(transport_rate(server_io, io, frames));
    pipeline.push_back(pipeline_rate(sys, server_io, io, frames));
  }
  auto p = median(parse);
  auto q = median(pipeline);
  fmt::print("frames: {} recorded Binance kline frames cycled to {} per run, {} runs\n",
             recorded.size(), total, runs);
  fmt::print("raw parse (kline_parser/simdjson): median {:.0f} frames/s\n", p);
  fmt::print("WSS transport alone (ws_client, no parse): median {:.0f} frames/s\n",
             median(transport));
  fmt::print("WSS -> market_listener -> market_store: median {:.0f} frames/s\n", q);
  fmt::print("pipeline / raw parse ratio: {:.3f}\n", q / p);
  return 0;
}
