// The Anthropic backend against the llm-endpoint over loopback TLS.

#include "actors/agent/anthropic_wire.hpp"
#include "test/integration/agent/backend_fixture.hpp"

#include <simdjson.h>

using namespace tn;
using namespace tn::test;

namespace {

constexpr const char* secret = "sk-ant-test-0123456789";

constexpr const char* buy =
  R"({"decisions":[{"symbol":"BTCUSDT","action":"BUY","position_pct":0.5,)"
  R"("signals":[{"name":"trend","direction":"bullish","confidence":0.8}]}],)"
  R"("next_check_seconds":900,"wake_conditions":[],"memory_update":"m","reasoning":"r"})";

struct anthropic_fixture : backend_fixture {
  anthropic_fixture() {
    (*env)["ANTHROPIC_API_KEY"] = secret;
    endpoint->set_api_key(secret);
  }
};

} // namespace

TEST_CASE_METHOD(anthropic_fixture, "anthropic: a decision arrives with usage, headers sent and the key redacted") {
  make_anthropic(settings());
  CHECK(backend->name() == "anthropic");
  CHECK(backend->model() == "claude-sonnet-4-5");
  CHECK(backend->schema() == decision_schema(settings().limits, schema_dialect::constrained));
  auto r = call_answered(buy, {1500, 200, 0, 1000});
  CHECK(r.reply.model == "claude-sonnet-4-5");
  CHECK(r.http_status == 200);
  CHECK(r.attempts == 1);
  CHECK(r.retry_log.empty());
  CHECK(r.latency > timespan{});
  CHECK_THAT(r.raw, Catch::Contains("\"tool_use\""));

  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 1);
  const auto& rec = recs[0];
  CHECK(rec.method == "POST");
  CHECK(rec.target == "/v1/messages");
  CHECK(rec.status == 200);
  CHECK(rec.header("x-api-key") == llm::redacted);
  CHECK(rec.header("anthropic-version") == anthropic_version);
  CHECK(rec.header("content-type") == "application/json");
  for (const auto& [name, value] : rec.headers)
    CHECK(value.find(secret) == std::string::npos);
  CHECK(rec.body.find(secret) == std::string::npos);

  simdjson::dom::parser p;
  auto body = p.parse(rec.body);
  CHECK(std::string_view{body["model"]} == "claude-sonnet-4-5");
  CHECK(int64_t{body["max_tokens"]} == 2048);
  CHECK(std::string_view{body["system"].at(0)["text"]} == question().system_prompt);
  CHECK(std::string_view{body["messages"].at(0)["content"]} == question().user_prompt);
  CHECK(simdjson::minify(body["tools"].at(0)["input_schema"]) == backend->schema());
  CHECK(std::string_view{body["tool_choice"]["name"]} == decision_tool_name);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: 429 waits what retry-after-ms asks, then succeeds") {
  make_anthropic(settings()); // backoff 20 ms: only the header explains a 200 ms wait
  endpoint->push(step(R"({"error":{"type":"rate_limit_error"},"headers":{"retry-after-ms":"200"}})"));
  endpoint->push(step(std::string{R"({"decision":)"} + buy + "}"));

  auto r = call();
  check_retried_once(r, Catch::Contains("HTTP 429") && Catch::Contains("200 ms"));
  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].status == 429);
  CHECK(between(recs[0], recs[1]) >= 195ms);
  CHECK(r.latency >= 195ms);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: 529 overloaded is retried, then succeeds") {
  make_anthropic(settings());
  endpoint->push(step(R"({"error":{"type":"overloaded_error","message":"Overloaded"}})"));
  auto r = call(); // answered by the default HOLD
  check_retried_once(r, Catch::Contains("HTTP 529") && Catch::Contains("backoff"));
  CHECK(r.http_status == 200);
  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].status == 529);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: 500s exhaust the retries") {
  auto s = settings();
  s.retry.max_retries = 2;
  make_anthropic(s);
  endpoint->push(step(R"({"error":{"type":"api_error","message":"Internal"},"repeat":5})"));
  auto r = call();
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error_type == "api_error");
  CHECK_THAT(r.reply.error, Catch::Contains("Internal"));
  CHECK(r.attempts == 3);
  CHECK(r.http_status == 500);
  CHECK(r.retry_log.size() == 2);
  CHECK_THAT(r.raw, Catch::Contains("\"api_error\""));
  CHECK(endpoint->requests().size() == 3);
  CHECK(endpoint->pending_steps() == 2);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: x-should-retry false stops a retryable status") {
  make_anthropic(settings());
  endpoint->push(step(R"({"error":{"type":"overloaded_error"},"headers":{"x-should-retry":"false"}})"));
  auto r = call();
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.attempts == 1);
  CHECK(endpoint->requests().size() == 1);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: a slow answer times out and is not resent") {
  // The provider had the whole request and may bill it: a resend could pay
  // twice for one decision, so the timeout is the answer even with retries left.
  auto s = settings();
  s.timeout = 300ms;
  make_anthropic(s);
  endpoint->push(step(R"({"delay_ms":1500})"));
  auto t = call();
  CHECK(t.reply.status == reply_status::unavailable);
  CHECK_THAT(t.reply.error, Catch::Contains("timeout (outcome unknown)") && Catch::Contains("/v1/messages"));
  CHECK(t.latency >= 300ms);
  CHECK(t.attempts == 1);
  CHECK(t.retry_log.empty());
  CHECK(t.http_status == 0);
  CHECK(t.raw.empty());
  wait_for_requests(1);
  CHECK(endpoint->requests().size() == 1);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: truncated and garbage bodies are malformed, not resent") {
  make_anthropic(settings());
  endpoint->push(step(R"({"truncate_at":60})"));
  auto cut = call();
  CHECK(cut.reply.status == reply_status::malformed);
  CHECK(cut.attempts == 1);
  CHECK(cut.raw.size() == 60);

  endpoint->push(step(R"({"raw":"<html><body>Bad gateway</body></html>"})"));
  auto garbage = call();
  CHECK(garbage.reply.status == reply_status::malformed);
  CHECK(garbage.attempts == 1);
  CHECK(garbage.raw == "<html><body>Bad gateway</body></html>");
  CHECK(endpoint->requests().size() == 2);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: a 502 without an error envelope is an api_error") {
  auto s = settings();
  s.retry.max_retries = 0;
  make_anthropic(s);
  endpoint->push(step(R"({"status":502,"raw":"<html>Bad gateway</html>"})"));
  auto r = call();
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error_type == "http_502");
  CHECK(r.http_status == 502);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: stop_reason max_tokens gives no decision") {
  make_anthropic(settings());
  endpoint->push(step(R"({"stop_reason":"max_tokens"})"));
  auto r = call();
  CHECK(r.reply.status == reply_status::no_decision);
  CHECK(r.reply.stop_reason == "max_tokens");
  CHECK(r.attempts == 1);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: 401 is final and reauthenticate picks up a new key") {
  (*env)["ANTHROPIC_API_KEY"] = "sk-ant-stale";
  make_anthropic(settings());
  auto denied = call();
  CHECK(denied.reply.status == reply_status::api_error);
  CHECK(denied.reply.error_type == "authentication_error");
  CHECK(denied.http_status == 401);
  CHECK(denied.attempts == 1);

  (*env)["ANTHROPIC_API_KEY"] = secret;
  CHECK(backend->reauthenticate().empty());
  auto r = call();
  INFO(r.reply.error);
  CHECK(r.reply.status == reply_status::ok);
  CHECK(r.attempts == 1);
  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].status == 401);
  CHECK(recs[1].status == 200);
  CHECK(recs[1].connection != recs[0].connection); // a new connection
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: a missing key fails at once, sending nothing") {
  env->clear();
  make_anthropic(settings());
  CHECK(backend->reauthenticate() == "ANTHROPIC_API_KEY is not set");
  auto r = call();
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error == "ANTHROPIC_API_KEY is not set");
  CHECK(r.attempts == 0);
  CHECK(endpoint->requests().empty());

  auto s = settings();
  s.api_key_env = "TN_TEST_KEY";
  make_anthropic(s);
  CHECK(call().reply.error == "TN_TEST_KEY is not set");
  (*env)["TN_TEST_KEY"] = secret;
  CHECK(backend->reauthenticate().empty());
  CHECK(call().reply.status == reply_status::ok);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: a backend destroyed mid-call still answers once") {
  make_anthropic(settings());
  endpoint->push(step(R"({"delay_ms":3000})"));
  auto f = start_call();
  wait_for_requests(1);
  backend.reset();
  auto r = net::test::await(f);
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK_THAT(r.reply.error, Catch::Contains("closed"));
  CHECK(r.attempts == 1);
}

TEST_CASE_METHOD(anthropic_fixture, "anthropic: unusable settings are refused") {
  std::string error;
  auto bad = [&](auto change) {
    auto s = settings();
    change(s);
    error.clear();
    return make_anthropic_backend(io, s, error) == nullptr && !error.empty();
  };
  CHECK(bad([](http_backend_settings& s) { s.base_url = "ftp://x"; }));
  CHECK(bad([](http_backend_settings& s) { s.base_url = "wss://127.0.0.1"; }));
  CHECK(bad([](http_backend_settings& s) { s.cache_ttl = "2h"; }));
  CHECK(bad([](http_backend_settings& s) { s.limits.symbols.clear(); }));
  CHECK(bad([](http_backend_settings& s) { s.retry.max_retries = -1; }));
  CHECK(bad([](http_backend_settings& s) { s.timeout = timespan{}; }));
  CHECK(bad([](http_backend_settings& s) { s.temperature = -1; }));

  auto ok = settings();
  ok.cache_ttl = "1h";
  ok.temperature = 0.25;
  ok.max_tokens = 512;
  ok.model = "claude-opus-4-1";
  make_anthropic(ok);
  CHECK(backend->model() == "claude-opus-4-1");
  REQUIRE(call().reply.status == reply_status::ok);
  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 1);
  simdjson::dom::parser p;
  auto body = p.parse(recs[0].body);
  CHECK(std::string_view{body["model"]} == "claude-opus-4-1");
  CHECK(int64_t{body["max_tokens"]} == 512);
  CHECK(double{body["temperature"]} == 0.25);
  CHECK(std::string_view{body["system"].at(0)["cache_control"]["ttl"]} == "1h");
}
