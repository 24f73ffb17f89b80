#include "runtime/net/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tn::net {

std::string hmac_sha256_hex(std::string_view key, std::string_view payload) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest, &size);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

std::string binance_signed_query(std::string_view params, std::string_view secret,
                                 int64_t timestamp_ms, int64_t recv_window_ms) {
  std::string query{params};
  if (recv_window_ms > 0)
    query += (query.empty() ? "" : "&") + std::string{"recvWindow="} + std::to_string(recv_window_ms);
  query += (query.empty() ? "" : "&") + std::string{"timestamp="} + std::to_string(timestamp_ms);
  auto signature = hmac_sha256_hex(secret, query);
  return query + "&signature=" + signature;
}

bool binance_signature_valid(std::string_view payload, std::string_view signature,
                             std::string_view secret) {
  auto expected = hmac_sha256_hex(secret, payload);
  if (signature.size() != expected.size())
    return false;
  unsigned diff = 0; // no early exit: the time taken says nothing about the key
  for (size_t i = 0; i < expected.size(); ++i) {
    char c = signature[i];
    if (c >= 'A' && c <= 'F')
      c = static_cast<char>(c - 'A' + 'a');
    diff |= static_cast<unsigned>(c ^ expected[i]);
  }
  return diff == 0;
}

} // namespace tn::net
