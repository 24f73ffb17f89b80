#pragma once

// A backend under test and the in-process llm-endpoint it talks to over
// loopback TLS, with an injectable environment.

#include "actors/agent/http_backend.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/net/net_test_util.hpp"
#include "tools/llm-endpoint/endpoint.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <thread>

namespace tn::test {

using namespace std::chrono_literals;
using net::test::pki;

/// A step parsed from JSON; the script syntax is what tests read best.
inline llm::llm_step step(std::string_view json) {
  llm::llm_step s;
  std::string error;
  INFO(json);
  REQUIRE(llm::parse_step(json, s, error));
  return s;
}

inline std::chrono::milliseconds between(const llm::recorded_request& a,
                                         const llm::recorded_request& b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b.arrival - a.arrival);
}

/// Starts an llm-endpoint on `io` into `endpoint`: HTTPS with the test
/// certificate, or plain HTTP. The test fails if it cannot listen.
inline void start_endpoint(net::io_thread& io, std::optional<llm::llm_endpoint>& endpoint,
                           bool tls) {
  llm::endpoint_options opts;
  if (tls) {
    opts.cert_file = pki("server.pem");
    opts.key_file = pki("server.key");
  }
  endpoint.emplace(io, std::move(opts));
  std::string error;
  if (!endpoint->start(error))
    FAIL("llm-endpoint: " << error);
}

struct backend_fixture {
  backend_fixture() {
    start_endpoint(io, endpoint, true);
  }

  ~backend_fixture() {
    io.stop(); // nothing runs on the I/O thread once teardown starts
  }

  /// Settings pointing at the endpoint, with small waits so retries are quick.
  http_backend_settings settings() {
    http_backend_settings s;
    s.base_url = endpoint->origin();
    s.ca_file = pki("ca.pem");
    s.getenv = [env = env](const std::string& name) {
      auto it = env->find(name);
      return it == env->end() ? std::string{} : it->second;
    };
    s.timeout = 5s;
    s.retry.initial_delay = 20ms;
    s.retry.max_delay = 80ms;
    s.limits.symbols = {"BTCUSDT", "ETHUSDT"};
    return s;
  }

  void make_anthropic(http_backend_settings s) {
    std::string error;
    backend = make_anthropic_backend(io, std::move(s), error);
    INFO(error);
    REQUIRE(backend);
  }

  void make_openai(http_backend_settings s) {
    std::string error;
    backend = make_openai_backend(io, std::move(s), error);
    INFO(error);
    REQUIRE(backend);
  }

  static model_call question() {
    model_call c;
    c.system_prompt = "You are a careful trader.";
    c.user_prompt = "BTCUSDT 64000.5";
    c.ts = timestamp{std::chrono::seconds{1714564800}};
    return c;
  }

  /// Starts a call; the future completes when `done` runs (twice would throw).
  std::future<model_response> start_call() {
    auto done = std::make_shared<std::promise<model_response>>();
    auto f = done->get_future();
    backend->call(question(), [done](model_response r) { done->set_value(std::move(r)); });
    return f;
  }

  model_response call() {
    auto f = start_call();
    return net::test::await(f);
  }

  /// Calls once, the endpoint answering `decision` with `usage`; checks that
  /// the reply carries the decision as sent and the input, output and
  /// cache-read token counts.
  model_response call_answered(const std::string& decision, const llm::step_usage& usage) {
    auto answer = step(R"({"decision":)" + decision + "}");
    answer.usage = usage;
    endpoint->push(answer);
    auto r = call();
    INFO(r.reply.error);
    REQUIRE(r.reply.status == reply_status::ok);
    CHECK(r.reply.input_json == decision);
    CHECK(r.reply.usage.input_tokens == usage.input_tokens);
    CHECK(r.reply.usage.output_tokens == usage.output_tokens);
    CHECK(r.reply.usage.cache_read_input_tokens == usage.cache_read_input_tokens);
    return r;
  }

  /// Checks that `r` succeeded on its second attempt, after one retry whose
  /// log line matches `why`.
  template <class Matcher>
  static void check_retried_once(const model_response& r, const Matcher& why) {
    INFO(r.reply.error);
    REQUIRE(r.reply.status == reply_status::ok);
    CHECK(r.attempts == 2);
    REQUIRE(r.retry_log.size() == 1);
    CHECK_THAT(r.retry_log[0], why);
  }

  /// Waits until the endpoint recorded `n` requests.
  void wait_for_requests(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + net::test::patience;
    while (endpoint->requests().size() < n) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(5ms);
    }
  }

  net::io_thread io;
  std::optional<llm::llm_endpoint> endpoint;
  std::shared_ptr<std::map<std::string, std::string>> env =
    std::make_shared<std::map<std::string, std::string>>();
  std::unique_ptr<model_backend> backend;
};

} // namespace tn::test
