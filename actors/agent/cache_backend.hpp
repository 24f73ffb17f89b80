#pragma once

// The model cache of a backtest (agent.backtest: cache): a model backend
// that answers from earlier journaled answers keyed by the prompt hash,
// synchronously on the caller's thread (no I/O thread, no runner), so a
// re-run costs nothing and decides the same. It speaks as the configured
// backend would (name, model, schema: the parts of the prompt hash), and
// reads a cached answer with that backend's own parser. A hit costs 0 and
// reports no tokens; a prompt it has no answer for is reply_status
// not_cached, which the agent turns into agent_status::not_cached (the
// evaluator decides; the breaker is not told). No CAF in here.

#include "actors/agent/agent_config.hpp"
#include "actors/agent/decision_schema.hpp"
#include "actors/agent/model_backend.hpp"
#include "runtime/journal/model_answers.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace tn {

/// What the cache must say to hash a prompt as the configured backend
/// does, and how that backend reads an answer.
struct cached_backend_identity {
  std::string name;      // "anthropic", "openai", "claude-cli"
  std::string model;     // as the live backend reports it (anthropic: its default if unset)
  std::string schema;    // in the backend's dialect
  std::string tool_name; // the tool the system prompt names
  model_reply (*parse)(std::string_view raw, std::string_view tool_name) = nullptr;
};

/// The identity of `backend` (not none) with `model` and `limits`, as
/// make_anthropic_backend, make_openai_backend and make_cli_backend build
/// it.
cached_backend_identity cached_identity(agent_backend backend, const std::string& model,
                                        const decision_limits& limits);

class cache_backend final : public model_backend {
public:
  cache_backend(cached_backend_identity id, std::shared_ptr<const journaled_answers> answers);

  std::string name() const override;
  std::string model() const override;
  const std::string& schema() const override;
  std::string tool_name() const override;
  /// Nothing to authenticate: nothing is called.
  std::string reauthenticate() override;
  /// Runs `done` before it returns: the cached answer, or not_cached.
  void call(model_call req, std::function<void(model_response)> done) override;

  /// The answer for `req`, as call() gives it.
  model_response answer(const model_call& req) const;

private:
  cached_backend_identity id_;
  std::shared_ptr<const journaled_answers> answers_;
};

} // namespace tn
