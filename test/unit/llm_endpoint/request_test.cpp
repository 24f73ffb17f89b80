#include "tools/llm-endpoint/request.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::llm;

namespace {

constexpr const char* anthropic_body =
  R"({"model":"claude-x","max_tokens":100,"messages":[{"role":"user","content":"hi"}],)"
  R"("tools":[{"name":"other"},{"name":"submit_decision"}],)"
  R"("tool_choice":{"type":"tool","name":"submit_decision"}})";

net::http_request anthropic_request(net::header_list headers) {
  net::http_request req;
  req.method = "POST";
  req.target = "/v1/messages";
  req.headers = std::move(headers);
  req.body = anthropic_body;
  return req;
}

net::http_request openai_request(std::string body, net::header_list headers = {}) {
  net::http_request req;
  req.method = "POST";
  req.target = "/v1/chat/completions";
  req.headers = std::move(headers);
  req.body = std::move(body);
  return req;
}

} // namespace

TEST_CASE("Anthropic requests need x-api-key and anthropic-version") {
  request_shape shape;
  auto ok = anthropic_request({{"X-Api-Key", "k1"}, {"anthropic-version", "2023-06-01"}});
  CHECK_FALSE(check_request(api::anthropic, ok, "", shape));
  CHECK(shape.model == "claude-x");
  CHECK(shape.tool_name == "submit_decision");
  CHECK(shape.forced_tool);
  CHECK_FALSE(shape.stream);
  CHECK_FALSE(check_request(api::anthropic, ok, "k1", shape));
  auto streaming = ok;
  streaming.body.insert(1, R"("stream":true,)");
  CHECK_FALSE(check_request(api::anthropic, streaming, "", shape));
  CHECK(shape.stream);

  auto wrong_key = check_request(api::anthropic, ok, "k2", shape);
  REQUIRE(wrong_key);
  CHECK(wrong_key->status == 401);
  CHECK(wrong_key->type == "authentication_error");

  auto no_key = check_request(api::anthropic, anthropic_request({{"anthropic-version", "x"}}), "",
                              shape);
  REQUIRE(no_key);
  CHECK(no_key->status == 401);
  CHECK(no_key->type == "authentication_error");
  CHECK_THAT(no_key->message, Catch::Contains("x-api-key"));

  // A bearer token is not an API key.
  auto bearer = check_request(
    api::anthropic, anthropic_request({{"authorization", "Bearer k1"}, {"anthropic-version", "x"}}),
    "", shape);
  REQUIRE(bearer);
  CHECK(bearer->status == 401);
  // An OAuth token is (Claude Code with CLAUDE_CODE_OAUTH_TOKEN).
  auto oauth = anthropic_request(
    {{"authorization", "Bearer sk-ant-oat01-t"}, {"anthropic-version", "x"}});
  CHECK_FALSE(check_request(api::anthropic, oauth, "", shape));
  CHECK_FALSE(check_request(api::anthropic, oauth, "sk-ant-oat01-t", shape));
  auto stale = check_request(api::anthropic, oauth, "sk-ant-oat01-new", shape);
  REQUIRE(stale);
  CHECK(stale->status == 401);

  auto no_version = check_request(api::anthropic, anthropic_request({{"x-api-key", "k1"}}), "",
                                  shape);
  REQUIRE(no_version);
  CHECK(no_version->status == 400);
  CHECK(no_version->type == "invalid_request_error");
  CHECK_THAT(no_version->message, Catch::Contains("anthropic-version"));
}

TEST_CASE("Anthropic bodies need model, max_tokens and messages") {
  request_shape shape;
  auto req = anthropic_request({{"x-api-key", "k"}, {"anthropic-version", "v"}});
  for (auto body : {R"(not json)", R"({"max_tokens":1,"messages":[]})",
                    R"({"model":"m","messages":[]})", R"({"model":"m","max_tokens":1})",
                    R"({"model":"m","max_tokens":1,"messages":{}})"}) {
    INFO(body);
    req.body = body;
    auto why = check_request(api::anthropic, req, "", shape);
    REQUIRE(why);
    CHECK(why->status == 400);
    CHECK(why->type == "invalid_request_error");
  }
}

TEST_CASE("OpenAI requests: the answer's shape and the optional bearer key") {
  request_shape schema_shape;
  auto schema_req = openai_request(
    R"({"model":"qwen","messages":[],"response_format":{"type":"json_schema"}})");
  CHECK_FALSE(check_request(api::openai, schema_req, "", schema_shape));
  CHECK(schema_shape.model == "qwen");
  CHECK_FALSE(schema_shape.tool_call);

  request_shape tool_shape;
  auto tool_req = openai_request(
    R"({"model":"qwen","messages":[],"tools":[{"type":"function","function":{"name":"f1"}}],)"
    R"("tool_choice":{"type":"function","function":{"name":"f1"}}})");
  CHECK_FALSE(check_request(api::openai, tool_req, "", tool_shape));
  CHECK(tool_shape.tool_call);
  CHECK(tool_shape.forced_tool);
  CHECK(tool_shape.tool_name == "f1");

  request_shape auto_shape;
  auto auto_req = openai_request(
    R"({"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"f2"}}],)"
    R"("tool_choice":"auto"})");
  CHECK_FALSE(check_request(api::openai, auto_req, "", auto_shape));
  CHECK(auto_shape.tool_call);
  CHECK_FALSE(auto_shape.forced_tool);
  CHECK(auto_shape.tool_name == "f2");

  auto wrong = check_request(api::openai, schema_req, "secret", schema_shape);
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto keyed = openai_request(schema_req.body, {{"Authorization", "Bearer secret"}});
  CHECK_FALSE(check_request(api::openai, keyed, "secret", schema_shape));

  auto no_messages = check_request(api::openai, openai_request(R"({"model":"m"})"), "",
                                   schema_shape);
  REQUIRE(no_messages);
  CHECK(no_messages->status == 400);
}
