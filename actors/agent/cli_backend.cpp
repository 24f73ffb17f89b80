#include "actors/agent/cli_backend.hpp"

#include "actors/agent/claude_cli_wire.hpp"
#include "actors/agent/cli_reply.hpp"
#include "runtime/process/canceller.hpp"
#include "runtime/process/process.hpp"

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>

#include <fmt/format.h>

namespace tn {

namespace {

/// Between SIGTERM and SIGKILL: Node.js needs a moment to exit cleanly.
constexpr auto cli_kill_grace = std::chrono::seconds{2};

// "neither A nor B is set"; the names only, never a value.
std::string none_set(const std::vector<std::string>& names) {
  if (names.size() == 1)
    return names.front() + " is not set";
  if (names.size() == 2)
    return fmt::format("neither {} nor {} is set", names[0], names[1]);
  return fmt::format("none of {} is set", fmt::join(names, ", "));
}

class claude_cli_backend : public model_backend {
public:
  claude_cli_backend(caf::actor_system& sys, cli_backend_settings settings)
    : sys_(sys),
      settings_(std::move(settings)),
      schema_(decision_schema(settings_.limits, schema_dialect::constrained)),
      cancel_(std::make_shared<process_canceller>()) {
  }

  ~claude_cli_backend() override {
    cancel_->cancel();
  }

  std::string name() const override {
    return "claude-cli";
  }

  std::string model() const override {
    return settings_.model;
  }

  const std::string& schema() const override {
    return schema_;
  }

  // No connection to drop: each call starts a new CLI, which reads the
  // environment it is given then.
  std::string reauthenticate() override {
    for (auto& name : settings_.credential_env)
      if (!settings_.getenv(name).empty())
        return {};
    return none_set(settings_.credential_env);
  }

  void call(model_call req, std::function<void(model_response)> done) override {
    auto spec = std::make_shared<process_spec>();
    std::string refused = make_spec(req, *spec);
    auto program = settings_.executable;
    // One short-lived actor per call: calls are minutes apart, and a runner
    // ends with its call, so nothing idles between them.
    sys_.spawn([spec, refused, program, done, cancel = cancel_](caf::blocking_actor*) {
      done(refused.empty() ? run(*spec, program, *cancel) : unavailable(refused));
    });
  }

private:
  // The process to run for `req`, or why there is none.
  std::string make_spec(const model_call& req, process_spec& spec) const {
    claude_cli_request cli;
    cli.executable = settings_.executable;
    cli.model = settings_.model;
    cli.system_prompt = req.system_prompt;
    cli.user_prompt = req.user_prompt;
    cli.schema = schema_;
    cli.max_turns = settings_.max_turns;
    if (auto why = check(cli); !why.empty())
      return why;
    auto invocation = claude_cli_invocation(cli);
    auto names = invocation.env_passthrough;
    names.insert(names.end(), settings_.credential_env.begin(), settings_.credential_env.end());
    names.insert(names.end(), settings_.passthrough_env.begin(), settings_.passthrough_env.end());
    spec.argv = std::move(invocation.argv);
    spec.stdin_text = std::move(invocation.stdin_text);
    spec.env = passthrough_environment(names, settings_.getenv);
    spec.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout);
    spec.kill_grace = cli_kill_grace;
    return {};
  }

  // Runs on the detached actor's thread.
  static model_response run(const process_spec& spec, const std::string& program,
                            const process_canceller& cancel) {
    auto start = std::chrono::steady_clock::now();
    auto result = run_process(spec, &cancel);
    model_response out;
    out.latency = std::chrono::steady_clock::now() - start;
    out.reply = claude_cli_reply(result, program);
    out.raw = std::move(result.stdout_text);
    out.attempts = 1;
    return out;
  }

  static model_response unavailable(std::string why) {
    model_response out;
    out.reply.status = reply_status::unavailable;
    out.reply.error = std::move(why);
    return out;
  }

  caf::actor_system& sys_;
  cli_backend_settings settings_;
  std::string schema_;
  std::shared_ptr<process_canceller> cancel_;
};

} // namespace

std::string check(const cli_backend_settings& settings) {
  if (settings.executable.empty())
    return "no executable";
  if (settings.max_turns < 1)
    return "max_turns must be at least 1";
  if (settings.timeout <= timespan::zero())
    return "timeout must be positive";
  if (settings.credential_env.empty())
    return "no credential variable";
  if (!settings.getenv)
    return "no environment lookup";
  return check(settings.limits);
}

std::unique_ptr<model_backend> make_cli_backend(caf::actor_system& sys,
                                                cli_backend_settings settings, std::string& error) {
  error = check(settings);
  if (!error.empty())
    return nullptr;
  return std::make_unique<claude_cli_backend>(sys, std::move(settings));
}

} // namespace tn
