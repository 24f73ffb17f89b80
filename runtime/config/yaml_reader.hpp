#pragma once

// Walks the YAML tree with the key path and the source position at hand, so
// every refusal reads FILE:LINE:COLUMN: KEY.PATH: why; the kernel's section
// readers use it, and the services' own through section_reader.hpp. A
// refusal is thrown as config_error so that each read stays one line; the
// only catch is in load.cpp, which turns it into a caf::error. Nothing thrown
// leaves load_config_file/load_config_text.

#include "messages/fwd.hpp"
#include "runtime/config/env_subst.hpp"
#include "runtime/money/decimal.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn::detail {

/// A refusal, its message already in the final format.
struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// FILE:LINE:COLUMN: KEY.PATH: reason, with 1-based line and column.
std::string config_message(const std::string& source, const YAML::Mark& at,
                           const std::string& path, const std::string& reason);

/// A node with what an error about it needs: where it is and its key path.
struct located {
  YAML::Node value;
  YAML::Mark mark;
  std::string path;
};

/// What every read shares: the source name for messages, the environment.
class context {
public:
  context(std::string source, env_lookup env);

  [[noreturn]] void fail(const located& at, const std::string& reason) const;

  /// The scalar's text after ${ENV} substitution; null reads as "".
  std::string text(const located& at, const char* expected) const;

  const env_lookup& env() const {
    return env_;
  }

private:
  std::string source_;
  env_lookup env_;
};

/// A YAML map whose keys have been checked against the known ones.
class map_reader {
public:
  /// Refuses a non-map, duplicate keys, secret-looking keys and unknown keys
  /// (suggesting the nearest known one). Absent or null reads as empty.
  map_reader(const context& ctx, located self, std::vector<std::string_view> known);

  /// The value under `key`; if absent, the map's own position and path.key.
  located at(std::string_view key) const;

  bool has(std::string_view key) const;

  /// The nested map under `key`, checked against its own known keys.
  map_reader section(std::string_view key, std::vector<std::string_view> known) const;

  // Each read leaves `out` untouched when the key is absent, so the struct's
  // default stands, and refuses a wrong type or a value outside [lo, hi].
  void read(std::string_view key, std::string& out) const;
  void read(std::string_view key, uint32_t& out, uint32_t lo, uint32_t hi) const;
  void read(std::string_view key, double& out, double lo, double hi) const;
  void read(std::string_view key, timespan& out, timespan lo, timespan hi) const;
  void read(std::string_view key, bool& out) const;
  /// Money and fractions in the order path: exact, never through a double.
  void read(std::string_view key, decimal& out, decimal lo, decimal hi) const;

  template <class Enum>
  void read(std::string_view key, Enum& out,
            std::initializer_list<std::pair<std::string_view, Enum>> names) const {
    if (!has(key))
      return;
    auto where = at(key);
    auto word = ctx_->text(where, "a string");
    std::vector<std::string_view> spellings;
    for (auto& [name, value] : names) {
      if (name == word) {
        out = value;
        return;
      }
      spellings.push_back(name);
    }
    ctx_->fail(where, enum_reason(word, spellings));
  }

  /// The items of the list under `key`, each located as key[i].
  std::vector<located> list(std::string_view key) const;

  /// The entries of the map under `key` whose keys the user names (symbols,
  /// model prefixes), in file order; refuses a non-map and duplicate keys.
  std::vector<std::pair<std::string, located>> named_entries(std::string_view key) const;

  const context& ctx() const {
    return *ctx_;
  }

private:
  static std::string enum_reason(const std::string& word,
                                 const std::vector<std::string_view>& names);

  std::string child_path(std::string_view key) const;

  const context* ctx_;
  located self_;
  std::vector<std::pair<std::string, located>> entries_;
};

} // namespace tn::detail
