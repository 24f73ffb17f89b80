#pragma once

// Shared fixtures of the agent logic tests: the limits and a JSON reader.

#include "actors/agent/decision_schema.hpp"

#include <simdjson.h>

#include <string>
#include <string_view>

namespace tn::test {

inline decision_limits test_limits() {
  decision_limits lim;
  lim.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
  lim.min_next_check_seconds = 300;
  lim.max_next_check_seconds = 14400;
  return lim;
}

/// Parses JSON for assertions; owns the parser so elements stay valid.
struct parsed_json {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::error_code error;

  explicit parsed_json(std::string_view text)
    : error(parser.parse(text.data(), text.size(), true).get(root)) {
  }

  simdjson::dom::object object() const {
    return root.get_object().value();
  }
};

inline std::string str(simdjson::simdjson_result<simdjson::dom::element> x) {
  return std::string{x.get_string().value()};
}

} // namespace tn::test
