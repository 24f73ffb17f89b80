#pragma once

// Shared by the config tests: a fake environment, the node's sections and
// a way to read the message out of a refusal.

#include "actors/services.hpp"
#include "messages/error.hpp"
#include "runtime/config/load.hpp"

#include <caf/atom.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

namespace tn::test {

/// An environment holding exactly `vars`; the process environment is never read.
inline env_lookup fake_env(std::map<std::string, std::string> vars = {}) {
  auto store = std::make_shared<const std::map<std::string, std::string>>(std::move(vars));
  return [store](const char* name) -> const char* {
    auto i = store->find(name);
    return i == store->end() ? nullptr : i->second.c_str();
  };
}

/// The config sections of the node's services, as tradenode loads them.
inline std::vector<config_section> node_sections() {
  return config_sections(service_table());
}

/// The message of an invalid_config error.
inline std::string message_of(const caf::error& err) {
  REQUIRE(err.category() == caf::atom("tradenode"));
  REQUIRE(err.code() == static_cast<uint8_t>(ec::invalid_config));
  REQUIRE(err.context().size() == 1);
  REQUIRE(err.context().match_element<std::string>(0));
  return err.context().get_as<std::string>(0);
}

/// Loads `yaml` as "t.yaml", which must be refused, and returns the message.
inline std::string refusal(const std::string& yaml, const env_lookup& env = fake_env()) {
  auto cfg = load_config_text(yaml, "t.yaml", node_sections(), env);
  REQUIRE_FALSE(cfg);
  return message_of(cfg.error());
}

/// Loads `yaml` as "t.yaml", which must be accepted.
inline node_config accepted(const std::string& yaml, const env_lookup& env = fake_env()) {
  auto cfg = load_config_text(yaml, "t.yaml", node_sections(), env);
  if (!cfg)
    FAIL(message_of(cfg.error()));
  return *cfg;
}

} // namespace tn::test
