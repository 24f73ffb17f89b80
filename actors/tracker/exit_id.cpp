#include "actors/tracker/exit_id.hpp"

#include <cstdio>

namespace tn {

namespace {

constexpr std::size_t max_client_id = 36;

// FNV-1a: stable across builds and machines, unlike std::hash.
uint64_t fnv1a(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

} // namespace

std::string exit_client_id(std::string_view position_id, uint32_t attempt) {
  auto suffix = "x" + std::to_string(attempt);
  if (position_id.size() + 1 + suffix.size() <= max_client_id)
    return std::string{position_id} + "-" + suffix;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(fnv1a(position_id)));
  return suffix + "-" + hash;
}

} // namespace tn
