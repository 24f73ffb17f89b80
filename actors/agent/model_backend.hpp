#pragma once

// A model backend: one way of putting the decision question to a model
// (Anthropic Messages API, an OpenAI-compatible server, the Claude CLI).
// The agent actor owns one; the backend does the I/O on its own thread (the
// io_thread, or a detached runner for the CLI) and reports the whole call,
// retries included, exactly once. No CAF in here.

#include "actors/agent/decision_schema.hpp"
#include "messages/fwd.hpp"
#include "messages/model.hpp"

#include <functional>
#include <memory>
#include <string>

namespace tn {

/// One question for the model.
struct model_call {
  std::string system_prompt; // static: byte-identical between calls (prompt caching)
  std::string user_prompt;   // the rendered snapshot
  timestamp ts;              // event time; turns an HTTP-date retry-after into a wait
};

class model_backend {
public:
  virtual ~model_backend() = default;

  /// "anthropic", "openai" or "claude-cli".
  virtual std::string name() const = 0;

  /// The configured model id ("" when the backend picks its default).
  virtual std::string model() const = 0;

  /// The decision schema this backend sends, in its dialect; part of the
  /// prompt hash.
  virtual const std::string& schema() const = 0;

  /// The tool through which the model answers, as the system prompt names
  /// it: submit_decision for the APIs; the CLI offers its own.
  virtual std::string tool_name() const {
    return decision_tool_name;
  }

  /// Reads the credentials from the environment again and drops any open
  /// connection (the breaker's half-open probe). "" on success, else why
  /// the backend cannot work (e.g. the key variable is unset).
  virtual std::string reauthenticate() = 0;

  /// Starts a call. `done` runs exactly once, on a thread of the backend,
  /// with the last attempt's reply; it must not touch actor state.
  virtual void call(model_call req, std::function<void(model_response)> done) = 0;
};

} // namespace tn
