#pragma once

// Judging key names: the nearest known key for a typo, and names that look
// like secrets, which the config refuses (they belong in the environment).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// Levenshtein distance (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The known key nearest to `key` if its distance is at most `max_distance`,
/// else empty. Ties go to the first in `known`.
std::string closest_key(std::string_view key, const std::vector<std::string_view>& known,
                        std::size_t max_distance = 2);

/// True if the key names a credential: one of its '_'-separated words is
/// secret, token, password, passwd, passphrase, apikey or credentials, or
/// two adjacent words are api_key, private_key or access_key.
bool looks_like_secret(std::string_view key);

/// The environment variable a user most likely meant to set instead of the
/// secret-looking key (BINANCE_SECRET_KEY, ANTHROPIC_API_KEY, BINANCE_API_KEY).
const char* secret_env_hint(std::string_view key_path);

} // namespace tn
