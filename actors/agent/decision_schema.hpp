#pragma once

// The decision tool's JSON schema, generated in one place from the limits
// the validation enforces. Every backend sends this schema: the Anthropic
// tool's input_schema, the OpenAI-compatible response_format and the Claude
// CLI's --json-schema. The schema guides the model; the validation
// (decision_validate.hpp) is what the node trusts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tn {

/// The tool (and json_schema) name the model answers through.
inline constexpr const char* decision_tool_name = "submit_decision";

/// Limits shared by the schema and the validation.
struct decision_limits {
  /// The configured whitelist, exchange form ("BTCUSDT"). Never empty.
  std::vector<std::string> symbols;
  /// The gate's bounds for the next check; answers outside are clamped.
  int64_t min_next_check_seconds = 300;
  int64_t max_next_check_seconds = 14400;
  /// Unicode characters, not bytes.
  size_t max_memory_chars = 500;
  size_t max_signals = 8;         // per symbol
  size_t max_signal_name_chars = 64; // names key the learner's statistics
  size_t max_wake_conditions = 8; // per decision
};

/// Which JSON Schema vocabulary to emit.
enum class schema_dialect : uint8_t {
  /// Numeric bounds, maxLength and maxItems as keywords (OpenAI-compatible
  /// servers turn them into a grammar).
  full,
  /// The subset constrained decoders accept: Anthropic's strict tool use
  /// and structured outputs reject minimum/maximum, maxLength and maxItems,
  /// so the bounds go into the descriptions instead (as the Anthropic SDKs
  /// do when they transform a schema).
  constrained,
};

/// An empty string if the limits can describe a schema, else why not.
std::string check(const decision_limits& limits);

/// The schema as compact JSON. Every object has additionalProperties false
/// and lists all its properties as required (strict mode demands both).
/// Precondition: check(limits) is empty.
std::string decision_schema(const decision_limits& limits, schema_dialect dialect);

/// The tool's description, shared by the backends.
std::string decision_tool_description();

} // namespace tn
