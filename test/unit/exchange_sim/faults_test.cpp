#include "tools/exchange-sim/faults.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

using namespace tn::sim;

namespace {

const std::string event =
  R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT","k":{"t":0,"T":59999,)"
  R"("s":"BTCUSDT","i":"1m","f":1,"L":2,"o":"1.00000000","c":"2.00000000","h":"2.00000000",)"
  R"("l":"1.00000000","v":"1.00000000","n":2,"x":false,"q":"1.50000000","V":"0.00000000",)"
  R"("Q":"0.00000000","B":"0"}}})";

bool parses(const std::string& text) {
  simdjson::dom::parser parser;
  return !parser.parse(text).error();
}

} // namespace

TEST_CASE("drop after every N-th pushed message") {
  fault_options opts;
  opts.drop_every = 3;
  stream_faults f{opts};
  std::vector<bool> drops;
  for (int i = 0; i < 6; ++i)
    drops.push_back(f.next(event).drop_after);
  CHECK(drops == std::vector<bool>{false, false, true, false, false, true});
}

TEST_CASE("every N-th message is malformed, in three ways in turn") {
  fault_options opts;
  opts.malformed_every = 2;
  stream_faults f{opts};
  std::vector<std::string> out;
  for (int i = 0; i < 8; ++i)
    out.push_back(f.next(event).text);
  for (int i : {0, 2, 4, 6})
    CHECK(out[i] == event);
  CHECK_FALSE(parses(out[1])); // invalid JSON
  CHECK_FALSE(parses(out[3])); // truncated
  CHECK(out[3].size() < event.size());
  REQUIRE(parses(out[5]));    // valid JSON, but the kline lacks its close price
  CHECK(out[5].find(R"("c":)") == std::string::npos);
  CHECK(out[5].find(R"("o":"1.00000000","h":)") != std::string::npos);
  CHECK_FALSE(parses(out[7])); // the cycle starts again
}

TEST_CASE("no faults: messages pass unchanged") {
  fault_options opts;
  stream_faults f{opts};
  for (int i = 0; i < 5; ++i) {
    auto o = f.next(event);
    CHECK(o.text == event);
    CHECK_FALSE(o.drop_after);
  }
}

TEST_CASE("HTTP errors every N-th request with Binance's bodies") {
  fault_options opts;
  opts.retry_after_s = 7;
  opts.http_errors = {{429, 2}, {503, 3}};
  http_faults f{opts};
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    auto r = f.next(1000);
    statuses.push_back(r ? r->status : 200);
    if (r && r->status == 429) {
      CHECK(r->body.rfind(R"({"code":-1003,)", 0) == 0);
      REQUIRE(r->headers.size() == 2);
      CHECK(r->headers[1] == std::pair<std::string, std::string>{"Retry-After", "7"});
    }
  }
  CHECK(statuses == std::vector<int>{200, 429, 503, 429, 200, 429});
  fault_options ban;
  ban.http_errors = {{418, 1}};
  http_faults b{ban};
  auto r = b.next(1000);
  REQUIRE(r);
  CHECK(r->status == 418);
  CHECK(r->body.find("IP banned until 2000.") != std::string::npos);
}

TEST_CASE("http error flag values") {
  http_fault f;
  std::string error;
  REQUIRE(parse_http_fault("429", f, error));
  CHECK(f.status == 429);
  CHECK(f.every == 1);
  REQUIRE(parse_http_fault("500:10", f, error));
  CHECK(f.every == 10);
  CHECK_FALSE(parse_http_fault("404", f, error));
  CHECK_FALSE(parse_http_fault("429:0", f, error));
  CHECK_FALSE(parse_http_fault("429:x", f, error));
  CHECK_FALSE(parse_http_fault("", f, error));
}

TEST_CASE("order faults: parsed from the command line, armed ones first, then every N-th order") {
  order_fault f;
  std::string error;
  REQUIRE(parse_order_fault("drop:3", f, error));
  CHECK(f.kind == order_fault_kind::drop);
  CHECK(f.every == 3);
  REQUIRE(parse_order_fault("5xx", f, error));
  CHECK(f.kind == order_fault_kind::server_error);
  CHECK(f.every == 1);
  CHECK_FALSE(parse_order_fault("500", f, error));
  CHECK_FALSE(parse_order_fault("reject:0", f, error));

  fault_options opts;
  opts.order_faults.push_back({order_fault_kind::reject, 2});
  order_faults faults{opts};
  CHECK_FALSE(faults.next());
  CHECK(faults.next() == order_fault_kind::reject);
  faults.arm(order_fault_kind::too_many);
  CHECK(faults.next() == order_fault_kind::too_many); // order 3, armed
  CHECK(faults.next() == order_fault_kind::reject);   // order 4
  CHECK_FALSE(faults.next());

  auto r = order_fault_reply(order_fault_kind::banned, 1'800'000'000'000, 7);
  CHECK(r.status == 418);
  CHECK(r.headers.back() == std::pair<std::string, std::string>{"Retry-After", "7"});
  auto e = order_fault_reply(order_fault_kind::server_error, 0, 1);
  CHECK(e.status == 503);
  CHECK(e.body == R"({"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."})");
  CHECK(order_fault_reply(order_fault_kind::reject, 0, 1).body == R"({"code":-2010,"msg":"Market is closed."})");
}
