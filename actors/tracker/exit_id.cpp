#include "actors/tracker/exit_id.hpp"

#include <charconv>
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

/// The number `text` starts with; 0 if none.
uint32_t leading_number(std::string_view text) {
  uint32_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

/// "<position id>-<leg><n>", or "<leg><n>-<hash>" when that is too long.
std::string leg_client_id(std::string_view position_id, char leg, uint32_t n) {
  auto suffix = leg + std::to_string(n);
  if (position_id.size() + 1 + suffix.size() <= max_client_id)
    return std::string{position_id} + "-" + suffix;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(fnv1a(position_id)));
  return suffix + "-" + hash;
}

std::optional<uint32_t> leg_number_of(std::string_view position_id, char leg,
                                      std::string_view client_id) {
  // Either form carries the number right after the leg: "<id>-<leg><n>", "<leg><n>-<hash>".
  if (client_id.size() < 2)
    return std::nullopt;
  auto named = client_id.size() > position_id.size() + 2
               && client_id.substr(0, position_id.size()) == position_id;
  auto digits = client_id.substr(named ? position_id.size() + 2 : 1);
  auto n = leading_number(digits);
  if (n == 0 || leg_client_id(position_id, leg, n) != client_id)
    return std::nullopt;
  return n;
}

} // namespace

std::string exit_client_id(std::string_view position_id, uint32_t attempt) {
  return leg_client_id(position_id, 'x', attempt);
}

std::optional<uint32_t> exit_attempt_of(std::string_view position_id,
                                        std::string_view client_id) {
  return leg_number_of(position_id, 'x', client_id);
}

std::string stop_client_id(std::string_view position_id, uint32_t revision) {
  return leg_client_id(position_id, 's', revision);
}

std::optional<uint32_t> stop_revision_of(std::string_view position_id,
                                         std::string_view client_id) {
  return leg_number_of(position_id, 's', client_id);
}

} // namespace tn
