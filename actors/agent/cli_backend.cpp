#include "actors/agent/cli_backend.hpp"

#include "actors/agent/claude_cli_wire.hpp"
#include "actors/agent/cli_reply.hpp"
#include "runtime/process/canceller.hpp"
#include "runtime/process/process.hpp"
#include "runtime/process/scratch_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>

#include <fmt/format.h>

#include <algorithm>

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

std::string name_of(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

// The passed-through variables ("NAME=value") then `ours`, which replace
// any of the same name.
std::vector<std::string> with_ours(std::vector<std::string> passed,
                                   const std::vector<std::string>& ours) {
  auto mine = [&ours](const std::string& entry) {
    return std::any_of(ours.begin(), ours.end(),
                       [name = name_of(entry)](const auto& x) { return name_of(x) == name; });
  };
  passed.erase(std::remove_if(passed.begin(), passed.end(), mine), passed.end());
  passed.insert(passed.end(), ours.begin(), ours.end());
  return passed;
}

bool is_credential_name(const cli_backend_settings& s, const std::string& name) {
  return name == "CLAUDE_CODE_OAUTH_TOKEN" || name == "ANTHROPIC_API_KEY"
         || std::find(s.credential_env.begin(), s.credential_env.end(), name)
              != s.credential_env.end();
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

  std::string tool_name() const override {
    return cli_tool_name;
  }

  // No connection to drop: each call starts a new CLI, which reads the
  // environment it is given then.
  std::string reauthenticate() override {
    if (choose_cli_credential(settings_.credential_env, settings_.getenv).source.empty())
      return none_set(settings_.credential_env);
    return {};
  }

  void call(model_call req, std::function<void(model_response)> done) override {
    auto spec = std::make_shared<process_spec>();
    bool subscription = false;
    std::string refused = make_spec(req, *spec, subscription);
    auto program = settings_.executable;
    // One short-lived actor per call: calls are minutes apart, and a runner
    // ends with its call, so nothing idles between them.
    sys_.spawn([spec, refused, program, subscription, done,
                cancel = cancel_](caf::blocking_actor*) {
      if (!refused.empty())
        return done(unavailable(refused));
      auto out = run(*spec, program, *cancel);
      out.reply.subscription = subscription;
      done(std::move(out));
    });
  }

private:
  // The process to run for `req`, or why there is none; `subscription`
  // when the CLI gets an OAuth token.
  std::string make_spec(const model_call& req, process_spec& spec, bool& subscription) const {
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
    auto credential = choose_cli_credential(settings_.credential_env, settings_.getenv);
    subscription = credential.oauth;
    spec.argv = std::move(invocation.argv);
    spec.stdin_text = std::move(invocation.stdin_text);
    auto ours = std::move(invocation.env_settings);
    if (!credential.env.empty())
      ours.push_back(std::move(credential.env));
    spec.env = with_ours(passthrough_environment(settings_.passthrough_env, settings_.getenv),
                         ours);
    spec.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout);
    spec.kill_grace = cli_kill_grace;
    return {};
  }

  // Runs on the detached actor's thread.
  static model_response run(process_spec spec, const std::string& program,
                            const process_canceller& cancel) {
    scratch_dir cwd{"tn-claude-"};
    if (!cwd.error().empty())
      return unavailable("no working directory for " + program + ": " + cwd.error());
    spec.cwd = cwd.path();
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
  for (auto& name : settings.passthrough_env)
    if (is_credential_name(settings, name))
      return name + " is a credential: the backend passes only the one it chose";
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
