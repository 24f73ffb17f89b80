// The llm-endpoint on the wire: the header checks a real client must pass,
// the control paths, and plain HTTP.

#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/decision_validate.hpp"
#include "runtime/net/http.hpp"
#include "test/integration/agent/backend_fixture.hpp"

#include <simdjson.h>

using namespace tn;
using namespace tn::test;

namespace {

constexpr const char* messages_body =
  R"({"model":"claude-x","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})";

struct wire_fixture {
  ~wire_fixture() {
    io.stop();
  }

  void start(bool tls) {
    start_endpoint(io, endpoint, tls);
    client = net::http_client::make(io, net::test::make_url(endpoint->origin()),
                                    net::test::trust_test_ca());
  }

  net::http_response send(std::string method, std::string target, net::header_list headers,
                          std::string body = {}) {
    net::http_request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.headers = std::move(headers);
    req.body = std::move(body);
    auto done = std::make_shared<std::promise<net::http_result>>();
    auto f = done->get_future();
    client->request(std::move(req), 10s,
                    [done](net::http_result r) { done->set_value(std::move(r)); });
    auto r = net::test::await(f);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.response;
  }

  net::io_thread io;
  std::optional<llm::llm_endpoint> endpoint;
  std::shared_ptr<net::http_client> client;
};

const net::header_list good_headers{{"x-api-key", "k"},
                                    {"anthropic-version", anthropic_version},
                                    {"content-type", "application/json"}};

} // namespace

TEST_CASE_METHOD(wire_fixture, "llm-endpoint refuses what the real API refuses") {
  start(true);
  endpoint->push(step(R"({"status":200})"));

  auto no_key = send("POST", "/v1/messages", {{"anthropic-version", anthropic_version}},
                     messages_body);
  CHECK(no_key.status == 401);
  auto r = parse_anthropic_response(no_key.body);
  CHECK(r.error_type == "authentication_error");

  auto no_version = send("POST", "/v1/messages", {{"x-api-key", "k"}}, messages_body);
  CHECK(no_version.status == 400);
  CHECK_THAT(no_version.body, Catch::Contains("anthropic-version"));

  CHECK(send("POST", "/v1/messages", good_headers, "{\"model\":\"m\"}").status == 400);
  CHECK(send("GET", "/v1/messages", good_headers).status == 405);
  CHECK(send("POST", "/v1/complete", good_headers, messages_body).status == 404);
  CHECK(endpoint->pending_steps() == 1); // refusals take no step

  auto ok = send("POST", "/v1/messages", good_headers, messages_body);
  CHECK(ok.status == 200);
  CHECK_FALSE(ok.header("request-id").empty());
  CHECK(endpoint->pending_steps() == 0);

  auto recs = endpoint->requests();
  REQUIRE(recs.size() == 6);
  for (size_t i = 0; i < recs.size(); ++i)
    CHECK(recs[i].seq == i + 1);
  CHECK(recs[0].header("x-api-key").empty()); // absent stays absent
  CHECK(recs[1].header("x-api-key") == llm::redacted);
  CHECK(recs[5].body == messages_body);
}

TEST_CASE_METHOD(wire_fixture, "an empty queue answers a HOLD the validation accepts") {
  start(true);
  auto res = send("POST", "/v1/messages", good_headers, messages_body);
  REQUIRE(res.status == 200);
  auto r = parse_anthropic_response(res.body);
  REQUIRE(r.status == reply_status::ok);
  decision_limits lim;
  lim.symbols = {"BTCUSDT"};
  auto d = validate_decision(r.input_json, lim);
  CHECK_FALSE(d.validation.whole_rejected);
  CHECK(d.validation.rejected.empty());
  CHECK(d.decisions.empty());
  CHECK(d.next_check_seconds == 3600);
}

TEST_CASE_METHOD(wire_fixture, "control paths over plain HTTP: script, requests, reset") {
  start(false);
  CHECK(endpoint->origin().rfind("http://", 0) == 0);

  auto bad = send("POST", "/_script", {}, R"([{"stauts":1}])");
  CHECK(bad.status == 400);
  CHECK_THAT(bad.body, Catch::Contains("stauts"));

  auto queued = send("POST", "/_script", {},
                     R"([{"error":{"type":"rate_limit_error"},"headers":{"retry-after":"7"}},)"
                     R"({"delay_ms":150}])");
  CHECK(queued.status == 200);
  CHECK(queued.body == R"({"queued":2})");

  auto limited = send("POST", "/v1/messages", good_headers, messages_body);
  CHECK(limited.status == 429);
  CHECK(limited.header("retry-after") == "7");

  auto t0 = std::chrono::steady_clock::now();
  CHECK(send("POST", "/v1/chat/completions", {}, R"({"model":"m","messages":[]})").status == 200);
  CHECK(std::chrono::steady_clock::now() - t0 >= 150ms);

  auto listed = send("GET", "/_requests", {});
  CHECK(listed.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::array recs;
  REQUIRE(p.parse(listed.body).get(recs) == simdjson::SUCCESS);
  REQUIRE(recs.size() == 2);
  CHECK(std::string_view{recs.at(0)["headers"]["x-api-key"]} == llm::redacted);
  CHECK(int64_t{recs.at(0)["status"]} == 429);
  CHECK(std::string_view{recs.at(1)["target"]} == "/v1/chat/completions");
  CHECK(double{recs.at(1)["arrival_ms"]} >= double{recs.at(0)["arrival_ms"]});

  endpoint->push(step("{}"));
  CHECK(send("POST", "/_reset", {}).status == 200);
  CHECK(endpoint->requests().empty());
  CHECK(endpoint->pending_steps() == 0);
  CHECK(send("GET", "/_nothing", {}).status == 404);
}
