// The OpenAI-compatible backend against the llm-endpoint over loopback TLS.

#include "actors/agent/openai_wire.hpp"
#include "test/integration/agent/backend_fixture.hpp"

#include <simdjson.h>

using namespace tn;
using namespace tn::test;

namespace {

constexpr const char* sell =
  R"({"decisions":[{"symbol":"ETHUSDT","action":"SELL","position_pct":0,"signals":[]}],)"
  R"("next_check_seconds":600,"wake_conditions":[],"memory_update":"","reasoning":"down"})";

struct openai_fixture : backend_fixture {
  /// A local server's address, with the /v1 the OpenAI SDKs put in base URLs.
  http_backend_settings local() {
    auto s = settings();
    s.base_url = endpoint->origin() + "/v1/";
    s.model = "qwen2.5:7b";
    return s;
  }
};

} // namespace

TEST_CASE_METHOD(openai_fixture, "openai: json_schema answer in content, no key no Authorization") {
  make_openai(local());
  CHECK(backend->name() == "openai");
  CHECK(backend->model() == "qwen2.5:7b");
  CHECK(backend->schema() == decision_schema(local().limits, schema_dialect::full));
  auto r = call_answered(sell, {700, 90, 0, 300});
  CHECK(r.attempts == 1);
  CHECK(r.http_status == 200);

  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].target == "/v1/chat/completions"); // the base's /v1 is not doubled
  CHECK(recs[0].header("authorization").empty());
  CHECK(recs[0].header("content-type") == "application/json");
  simdjson::dom::parser p;
  auto body = p.parse(recs[0].body);
  CHECK(std::string_view{body["model"]} == "qwen2.5:7b");
  CHECK(std::string_view{body["response_format"]["type"]} == "json_schema");
  CHECK(simdjson::minify(body["response_format"]["json_schema"]["schema"]) == backend->schema());
  CHECK(body["tools"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE_METHOD(openai_fixture, "openai: tool mode with a bearer key, redacted in the record") {
  constexpr const char* token = "local-token-42";
  (*env)["LOCAL_LLM_KEY"] = token;
  endpoint->set_api_key(token);
  auto s = local();
  s.api_key_env = "LOCAL_LLM_KEY";
  s.openai_tool_mode = true;
  make_openai(s);
  endpoint->push(step(std::string{R"({"decision":)"} + sell + "}"));
  auto r = call();
  INFO(r.reply.error);
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK(r.reply.input_json == sell);
  CHECK_THAT(r.raw, Catch::Contains("tool_calls"));

  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].header("authorization") == llm::redacted);
  for (const auto& [name, value] : recs[0].headers)
    CHECK(value.find(token) == std::string::npos);
  simdjson::dom::parser p;
  auto body = p.parse(recs[0].body);
  CHECK(std::string_view{body["tools"].at(0)["function"]["name"]} == decision_tool_name);
  CHECK(body["response_format"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE_METHOD(openai_fixture, "openai: 429 waits what retry-after asks, then succeeds") {
  make_openai(local());
  endpoint->push(step(R"({"error":{"type":"rate_limit_error"},"headers":{"retry-after":"0.3"}})"));
  auto r = call();
  check_retried_once(r, Catch::Contains("300 ms"));
  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 2);
  CHECK(between(recs[0], recs[1]) >= 295ms);
}

TEST_CASE_METHOD(openai_fixture, "openai: server errors exhaust the retries") {
  auto s = local();
  s.retry.max_retries = 1;
  make_openai(s);
  endpoint->push(step(R"({"status":503,"error":{"type":"server_error","message":"loading model"},)"
                      R"("repeat":2})"));
  auto r = call();
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error_type == "server_error");
  CHECK_THAT(r.reply.error, Catch::Contains("loading model"));
  CHECK(r.attempts == 2);
  CHECK(r.http_status == 503);
}

TEST_CASE_METHOD(openai_fixture, "openai: cut off, garbage and timeouts") {
  auto s = local();
  s.timeout = 300ms;
  s.retry.max_retries = 0;
  make_openai(s);
  endpoint->push(step(R"({"stop_reason":"length"})"));
  auto cut = call();
  CHECK(cut.reply.status == reply_status::no_decision);
  CHECK(cut.reply.stop_reason == "length");

  endpoint->push(step(R"({"raw":"{\"choices\":[{\"message\":{\"content\":\"not json\"}}]}"})"));
  auto garbage = call();
  CHECK(garbage.reply.status == reply_status::malformed);
  CHECK(garbage.attempts == 1);

  endpoint->push(step(R"({"truncate_at":30})"));
  CHECK(call().reply.status == reply_status::malformed);

  endpoint->push(step(R"({"delay_ms":1000})"));
  auto slow = call();
  CHECK(slow.reply.status == reply_status::unavailable);
  CHECK(slow.attempts == 1);
}

TEST_CASE_METHOD(openai_fixture, "openai: a wrong key is final until reauthenticate") {
  (*env)["LOCAL_LLM_KEY"] = "old";
  endpoint->set_api_key("new");
  auto s = local();
  s.api_key_env = "LOCAL_LLM_KEY";
  make_openai(s);
  auto denied = call();
  CHECK(denied.reply.status == reply_status::api_error);
  CHECK(denied.http_status == 401);
  CHECK(denied.attempts == 1);

  (*env)["LOCAL_LLM_KEY"] = "new";
  CHECK(backend->reauthenticate().empty());
  auto r = call();
  INFO(r.reply.error);
  CHECK(r.reply.status == reply_status::ok);

  env->clear(); // the key is optional for local servers
  CHECK(backend->reauthenticate().empty());
}
