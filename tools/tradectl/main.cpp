// tradectl: the remote console's client. Connects to a node's published
// console actor, asks its version first, runs one command, prints the typed
// reply as text.

#include "messages/error.hpp"
#include "messages/register.hpp"
#include "messages/supervision.hpp"
#include "runtime/console/remote.hpp"
#include "runtime/error_text.hpp"
#include "tools/tradectl/args.hpp"
#include "tools/tradectl/probe.hpp"
#include "tools/tradectl/render.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>

#include <unistd.h>

namespace tn {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

/// The context of one of our errors as plain text ("" if it has none).
std::string context_of(const caf::error& err) {
  auto& ctx = err.context();
  return ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0) : std::string{};
}

/// One connection to a console and the answers it gives.
class session {
public:
  session(caf::actor_system& sys, const tradectl_args& args, console_actor console)
    : args_(args), console_(std::move(console)), self_(sys) {
    const char* token = std::getenv(args.token_env.c_str());
    token_ = token == nullptr ? std::string{} : std::string{token};
  }

  /// Asks the console; the answer, or nullopt after printing why not.
  template <class T, class... Ts>
  std::optional<T> ask(Ts... xs) {
    std::optional<T> result;
    self_->request(console_, timeout(), xs...)
      .receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { complain(err); });
    return result;
  }

  /// Waits until the console is gone; false after the timeout.
  bool await_down(caf::timespan limit) {
    bool down = false;
    self_->receive([&](caf::down_msg&) { down = true; }, caf::after(limit) >> [] {});
    return down;
  }

  void monitor() {
    self_->monitor(console_);
  }

  const std::string& token() const {
    return token_;
  }

  caf::timespan timeout() const {
    return std::chrono::seconds{args_.timeout_s};
  }

  uint32_t timeout_seconds() const {
    return args_.timeout_s;
  }

private:
  void complain(const caf::error& err) const {
    std::cerr << "tradectl: " << describe(err) << std::endl;
  }

  std::string describe(const caf::error& err) const {
    if (err == ec::access_denied)
      return "access denied: the node wants the token it was started with in $" + args_.token_env;
    if (err == ec::missing_service)
      return "no service named '" + context_of(err) + "' (tradectl actors lists them)";
    if (err == caf::sec::request_timeout)
      return "the node did not answer within " + std::to_string(timeout_seconds()) + "s";
    return error_text(err);
  }

  const tradectl_args& args_;
  console_actor console_;
  caf::scoped_actor self_;
  std::string token_;
};

std::string describe_connect(const tradectl_args& args, const caf::error& err) {
  auto where = args.host + ":" + std::to_string(args.port);
  if (err == caf::sec::unexpected_actor_messaging_interface)
    return "the node at " + where
           + " speaks another console protocol (tradectl and tradenode versions differ)";
  if (err == caf::sec::disconnect_during_handshake)
    return "the node at " + where + " closed the connection during the handshake (TLS: check "
           "--cert, --key and --ca against the node's console.tls)";
  if (err == caf::sec::cannot_connect_to_node) {
    auto why = tcp_failure_reason(args.host, args.port);
    return "cannot reach the node at " + where + " (" + (why.empty() ? "cannot connect" : why)
           + "): is it running?";
  }
  return "cannot reach the node at " + where + ": " + error_text(err);
}

int stop_node(session& s) {
  // Monitor first: the node may be gone before the reply is read.
  s.monitor();
  auto accepted = s.ask<bool>(atom::stop_v, s.token());
  if (!accepted)
    return exit_failure;
  std::cout << "stop requested; waiting for the node to go down" << std::endl;
  if (!s.await_down(s.timeout())) {
    std::cerr << "tradectl: the node is still up after " << s.timeout_seconds() << "s"
              << std::endl;
    return exit_failure;
  }
  std::cout << "node stopped" << std::endl;
  return exit_ok;
}

/// pause, resume or reset: the risk actor's switches.
int risk_switch(session& s, const std::string& cmd) {
  std::optional<bool> changed;
  const char* done = "";
  const char* already = "";
  if (cmd == "pause") {
    changed = s.ask<bool>(atom::pause_v, s.token());
    done = "paused: no new entries; exits and stops keep running";
    already = "already paused";
  } else if (cmd == "resume") {
    changed = s.ask<bool>(atom::resume_v, s.token());
    done = "resumed: new entries allowed";
    already = "not paused";
  } else {
    changed = s.ask<bool>(atom::reset_v, s.token());
    done = "kill switch reset: new entries allowed";
    already = "the kill switch was not tripped";
  }
  if (!changed)
    return exit_failure;
  std::cout << (*changed ? done : already) << std::endl;
  return exit_ok;
}

/// Whether the operator confirms on the terminal; false without one.
bool confirmed(const std::string& question) {
  if (!isatty(STDIN_FILENO))
    return false;
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

int flatten(session& s, const tradectl_args& args) {
  if (!args.yes) {
    if (!isatty(STDIN_FILENO)) {
      std::cerr << "tradectl: flatten closes every position; without a terminal to ask, "
                   "pass --yes"
                << std::endl;
      return exit_usage;
    }
    auto positions = s.ask<std::vector<position>>(atom::positions_v, s.token());
    if (!positions)
      return exit_failure;
    if (positions->empty()) {
      std::cout << "no open positions" << std::endl;
      return exit_ok;
    }
    std::cout << render_positions(*positions);
    if (!confirmed("close these " + std::to_string(positions->size()) + " positions?")) {
      std::cout << "nothing done" << std::endl;
      return exit_ok;
    }
  }
  auto count = s.ask<uint32_t>(atom::flatten_v, s.token());
  if (!count)
    return exit_failure;
  std::cout << "closing " << *count << " position" << (*count == 1 ? "" : "s") << std::endl;
  return exit_ok;
}

int run_command(session& s, const tradectl_args& args, const std::string& node_version) {
  auto& cmd = args.command;
  if (cmd == "version") {
    std::cout << "tradectl " << TN_VERSION << "\ntradenode " << node_version << std::endl;
    return exit_ok;
  }
  if (cmd == "status") {
    auto reports = s.ask<std::vector<status_report>>(atom::status_v, s.token());
    if (reports)
      std::cout << render_status(*reports) << std::flush;
    return reports ? exit_ok : exit_failure;
  }
  if (cmd == "actors") {
    auto rows = s.ask<std::vector<service_row>>(atom::actors_v, s.token());
    if (rows)
      std::cout << render_actors(*rows) << std::flush;
    return rows ? exit_ok : exit_failure;
  }
  if (cmd == "events") {
    auto events = s.ask<std::vector<event>>(atom::events_v, s.token(), args.topic, args.count);
    if (events)
      std::cout << render_events(*events) << std::flush;
    return events ? exit_ok : exit_failure;
  }
  if (cmd == "decisions") {
    auto records = s.ask<std::vector<decision_record>>(atom::decisions_v, s.token(), args.count);
    if (records)
      std::cout << render_decisions(*records) << std::flush;
    return records ? exit_ok : exit_failure;
  }
  if (cmd == "breaker") {
    auto status = s.ask<breaker_status>(atom::breaker_v, s.token());
    if (status)
      std::cout << render_breaker(*status) << std::flush;
    return status ? exit_ok : exit_failure;
  }
  if (cmd == "positions") {
    auto positions = s.ask<std::vector<position>>(atom::positions_v, s.token());
    if (positions)
      std::cout << render_positions(*positions) << std::flush;
    return positions ? exit_ok : exit_failure;
  }
  if (cmd == "orders") {
    auto orders = s.ask<std::vector<journaled_order>>(atom::orders_v, s.token(), args.count);
    if (orders)
      std::cout << render_orders(*orders) << std::flush;
    return orders ? exit_ok : exit_failure;
  }
  if (cmd == "balance") {
    auto account = s.ask<account_state>(atom::balance_v, s.token());
    if (account)
      std::cout << render_balance(*account) << std::flush;
    return account ? exit_ok : exit_failure;
  }
  if (cmd == "learner") {
    auto report = s.ask<learner_report>(atom::learner_v, s.token());
    if (report)
      std::cout << render_learner(*report) << std::flush;
    return report ? exit_ok : exit_failure;
  }
  if (cmd == "regime") {
    auto status = s.ask<regime_status>(atom::regime_v, s.token());
    if (status)
      std::cout << render_regime(*status) << std::flush;
    return status ? exit_ok : exit_failure;
  }
  if (cmd == "derivatives") {
    auto symbols = s.ask<std::vector<derivatives_snapshot>>(atom::derivs_v, s.token());
    if (symbols)
      std::cout << render_derivatives(*symbols) << std::flush;
    return symbols ? exit_ok : exit_failure;
  }
  if (cmd == "pause" || cmd == "resume" || cmd == "reset")
    return risk_switch(s, cmd);
  if (cmd == "flatten")
    return flatten(s, args);
  if (cmd == "restart") {
    auto accepted = s.ask<bool>(atom::restart_v, s.token(), args.actor);
    if (!accepted)
      return exit_failure;
    if (!*accepted) {
      std::cerr << "tradectl: " << args.actor << " is not running (restarting or stopped)"
                << std::endl;
      return exit_failure;
    }
    std::cout << "restart of " << args.actor << " requested" << std::endl;
    return exit_ok;
  }
  return stop_node(s);
}

int run(const tradectl_args& args) {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  prepare_remote(cfg, args.tls);
  cfg.set("scheduler.max-threads", size_t{1});
  caf::actor_system sys{cfg};
  auto console = connect_console(sys, args.host, args.port, args.tls);
  if (!console) {
    std::cerr << "tradectl: " << describe_connect(args, console.error()) << std::endl;
    return exit_failure;
  }
  session s{sys, args, std::move(*console)};
  auto node_version = s.ask<std::string>(atom::version_v, s.token());
  if (!node_version)
    return exit_failure;
  if (*node_version != TN_VERSION)
    std::cerr << "tradectl: warning: tradectl " << TN_VERSION << " talks to tradenode "
              << *node_version << std::endl;
  return run_command(s, args, *node_version);
}

} // namespace

} // namespace tn

int main(int argc, char** argv) {
  tn::tradectl_args args;
  std::string error;
  if (!tn::parse_tradectl_args({argv + 1, argv + argc}, args, error)) {
    std::cerr << "tradectl: " << error << "\n" << tn::tradectl_usage;
    return tn::exit_usage;
  }
  if (args.help) {
    std::cout << tn::tradectl_usage;
    return tn::exit_ok;
  }
  return tn::run(args);
}
