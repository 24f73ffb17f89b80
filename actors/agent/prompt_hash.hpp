#pragma once

// A stable identity for a request, for the journal and for caching
// prompt -> response: SHA-256 (OpenSSL EVP) as 64 lowercase hex digits.
// SHA-256 rather than a 64-bit FNV: the hash is a cache key across runs and
// machines, where a collision would silently replay the wrong answer.

#include <initializer_list>
#include <string>
#include <string_view>

namespace tn {

/// SHA-256 of `data` as lowercase hex.
std::string sha256_hex(std::string_view data);

/// SHA-256 over the parts, each prefixed by its length (8 bytes, little
/// endian), so ("ab", "c") and ("a", "bc") differ.
std::string sha256_hex(std::initializer_list<std::string_view> parts);

/// The hash of everything that shapes the model's answer.
inline std::string prompt_hash(std::string_view backend, std::string_view model,
                               std::string_view system_prompt, std::string_view schema,
                               std::string_view user_prompt) {
  return sha256_hex({backend, model, system_prompt, schema, user_prompt});
}

} // namespace tn
