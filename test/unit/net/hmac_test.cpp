// Binance's documented signing examples (PROTOCOLS.md, "Spot signed
// requests"), reproduced byte for byte.

#include "runtime/net/hmac.hpp"

#include <catch2/catch.hpp>

namespace {

constexpr const char* secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

} // namespace

TEST_CASE("hmac: Binance's documented query-string signature") {
  CHECK(tn::net::hmac_sha256_hex(secret, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&"
                                         "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
        == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST_CASE("hmac: Binance's percent-encoded non-ASCII symbol example") {
  CHECK(tn::net::hmac_sha256_hex(secret, "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96"
                                         "&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                                         "&recvWindow=5000&timestamp=1499827319559")
        == "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

TEST_CASE("hmac: query and body are signed concatenated, without a separator") {
  CHECK(tn::net::hmac_sha256_hex(secret, std::string{"symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"}
                                           + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
        == "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
}

TEST_CASE("hmac: the signing helper appends recvWindow, timestamp and the signature last") {
  auto q = tn::net::binance_signed_query("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1",
                                         secret, 1499827319559, 5000);
  CHECK(q == "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
             "&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
  CHECK(tn::net::binance_signed_query("", secret, 42, 0).rfind("timestamp=42&signature=", 0) == 0);
}

TEST_CASE("hmac: verification accepts either hex case and refuses a changed payload") {
  std::string payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                        "&recvWindow=5000&timestamp=1499827319559";
  CHECK(tn::net::binance_signature_valid(
    payload, "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", secret));
  CHECK(tn::net::binance_signature_valid(
    payload, "C8DB56825AE71D6D79447849E617115F4A920FA2ACDCAB2B053C4B2838BD6B71", secret));
  CHECK_FALSE(tn::net::binance_signature_valid(
    payload + "1", "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", secret));
  CHECK_FALSE(tn::net::binance_signature_valid(payload, "c8db", secret));
  CHECK_FALSE(tn::net::binance_signature_valid(
    payload, "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "other"));
}
