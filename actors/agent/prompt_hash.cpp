#include "actors/agent/prompt_hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace tn {

namespace {

struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* ctx) const {
    EVP_MD_CTX_free(ctx);
  }
};

template <class Feed>
std::string digest_hex(Feed feed) {
  std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx{EVP_MD_CTX_new()};
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  // Fails only when OpenSSL cannot allocate; nothing sensible continues.
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1
      || !feed(ctx.get()) || EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xF];
  }
  return out;
}

} // namespace

std::string sha256_hex(std::string_view data) {
  return digest_hex([&](EVP_MD_CTX* ctx) {
    return EVP_DigestUpdate(ctx, data.data(), data.size()) == 1;
  });
}

std::string sha256_hex(std::initializer_list<std::string_view> parts) {
  return digest_hex([&](EVP_MD_CTX* ctx) {
    for (auto part : parts) {
      std::array<unsigned char, 8> size{};
      auto n = static_cast<uint64_t>(part.size());
      for (auto& b : size) {
        b = static_cast<unsigned char>(n & 0xFF);
        n >>= 8;
      }
      if (EVP_DigestUpdate(ctx, size.data(), size.size()) != 1
          || EVP_DigestUpdate(ctx, part.data(), part.size()) != 1)
        return false;
    }
    return true;
  });
}

} // namespace tn
