// Signed requests: the key, the signature over query + body, and the
// timestamp window, with Binance's documented key pair and example.

#include "runtime/net/hmac.hpp"
#include "tools/exchange-sim/signed.hpp"

#include <catch2/catch.hpp>

using namespace tn::sim;

namespace {

const api_keys keys{"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"};
constexpr int64_t stamp = 1499827319559;
const std::string docs_query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                               "&recvWindow=5000&timestamp=1499827319559";
const std::string docs_signature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

std::string check(const std::string& target, const std::string& body, int64_t wall_ms,
                  std::string_view key = keys.key) {
  request_target out;
  auto err = check_signed(keys, {"POST", target, body, key}, wall_ms, out);
  return err ? std::to_string(err->status) + " " + err->body : "ok " + *out.get("price");
}

} // namespace

TEST_CASE("signed: Binance's documented request passes in the query or in the body") {
  CHECK(check("/api/v3/order?" + docs_query + "&signature=" + docs_signature, "", stamp + 10) == "ok 0.1");
  CHECK(check("/api/v3/order", docs_query + "&signature=" + docs_signature, stamp + 10) == "ok 0.1");
  // the older docs' split: query and body concatenated without a separator
  CHECK(check("/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
              "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature="
              "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
              stamp) == "ok 0.1");
  // upper-case hex is accepted, as Binance does
  std::string upper = docs_signature;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(check("/api/v3/order?" + docs_query + "&signature=" + upper, "", stamp) == "ok 0.1");
}

TEST_CASE("signed: key, signature and timestamp failures give Binance's codes") {
  auto target = "/api/v3/order?" + docs_query + "&signature=" + docs_signature;
  CHECK(check(target, "", stamp, "") == R"(401 {"code":-2014,"msg":"API-key format invalid."})");
  CHECK(check(target, "", stamp, "other")
        == R"(401 {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."})");
  CHECK(check("/api/v3/order?" + docs_query + "&signature=" + std::string(64, '0'), "", stamp)
        == R"(400 {"code":-1022,"msg":"Signature for this request is not valid."})");
  CHECK(check("/api/v3/order?" + docs_query, "", stamp)
        == R"(400 {"code":-1102,"msg":"Mandatory parameter 'signature' was not sent, was empty/null, or malformed."})");
  CHECK(check(target, "", stamp + 5001)
        == R"(400 {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."})");
  CHECK(check(target, "", stamp + 5000) == "ok 0.1");
  CHECK(check(target, "", stamp - 1000)
        == R"(400 {"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server's time."})");
  CHECK(check(target, "", stamp - 999) == "ok 0.1");
  CHECK(check("/api/v3/order?symbol=X", "", stamp)
        == R"(400 {"code":-1102,"msg":"Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."})");
  auto wide = tn::net::binance_signed_query("symbol=X&price=1", keys.secret, stamp, 70000);
  CHECK(check("/api/v3/order?" + wide, "", stamp)
        == R"(400 {"code":-1131,"msg":"recvWindow must be less than 60000"})");
  // the helper the broker uses produces what the simulator accepts
  auto signed_query = tn::net::binance_signed_query("symbol=BTCUSDT&price=2", keys.secret, stamp + 3, 5000);
  CHECK(check("/api/v3/order?" + signed_query, "", stamp + 3) == "ok 2");
}
