#pragma once

// The model backends that speak HTTP: the Anthropic Messages API and
// OpenAI-compatible chat completions (Ollama, llama.cpp, vLLM), over
// runtime/net's keep-alive client (certificates always verified). A call
// sends the request, retries as retry_policy says (waiting on the I/O
// thread) and reports the last attempt exactly once.

#include "actors/agent/decision_schema.hpp"
#include "actors/agent/model_backend.hpp"
#include "actors/agent/retry_policy.hpp"
#include "runtime/process/environment.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>

namespace tn::net {
class io_thread;
} // namespace tn::net

namespace tn {

/// The Anthropic model used when none is configured.
inline constexpr const char* anthropic_default_model = "claude-sonnet-4-5";

struct http_backend_settings {
  /// Where the API lives, e.g. "https://api.anthropic.com" or
  /// "http://127.0.0.1:11434/v1". A path ending in /v1 is not doubled.
  /// "" = the provider's default (Anthropic: https://api.anthropic.com,
  /// OpenAI-compatible: http://127.0.0.1:11434/v1, a local Ollama).
  std::string base_url;
  /// Anthropic: "" = anthropic_default_model. OpenAI-compatible: sent as is.
  std::string model;
  /// The NAME of the variable holding the key. Anthropic: "" =
  /// ANTHROPIC_API_KEY, and the key is required. OpenAI-compatible: "" = no
  /// key; Authorization is sent only when the key is set.
  std::string api_key_env;
  /// How the key is looked up; tests inject their own.
  env_reader getenv = current_env;
  /// PEM bundle of trusted CAs; "" = the system store.
  std::string ca_file;
  /// Per attempt, connect included.
  timespan timeout = std::chrono::seconds{120};
  retry_config retry;
  int64_t max_tokens = 2048;
  /// NaN = not sent (the provider's default).
  double temperature = std::numeric_limits<double>::quiet_NaN();
  /// Anthropic prompt cache lifetime: "" or "5m" (the default), or "1h".
  std::string cache_ttl;
  /// OpenAI-compatible: ask for a forced tool call instead of
  /// response_format json_schema (servers without json_schema support).
  bool openai_tool_mode = false;
  /// The schema is generated once from these: the constrained dialect for
  /// Anthropic, the full one for OpenAI-compatible servers.
  decision_limits limits;
};

/// An Anthropic Messages API backend (name "anthropic"). The key is read
/// at construction and by reauthenticate(); a call without a key fails at
/// once with api_error "<VAR> is not set", sending nothing. nullptr with a
/// reason in `error` when the settings are unusable (bad URL, limits,
/// retry config, cache_ttl, timeout or max_tokens). `io` must outlive the
/// backend and every call's `done`; the backend may be destroyed while a
/// call is in flight (the call then ends with reply "unavailable").
std::unique_ptr<model_backend> make_anthropic_backend(net::io_thread& io,
                                                      http_backend_settings settings,
                                                      std::string& error);

/// An OpenAI-compatible chat completions backend (name "openai"); as
/// make_anthropic_backend, but the key is optional.
std::unique_ptr<model_backend> make_openai_backend(net::io_thread& io,
                                                   http_backend_settings settings,
                                                   std::string& error);

} // namespace tn
