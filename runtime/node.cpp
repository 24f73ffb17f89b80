#include "runtime/node.hpp"

#include "messages/error.hpp"
#include "messages/register.hpp"
#include "runtime/clock.hpp"
#include "runtime/clock_actor.hpp"
#include "runtime/config/load.hpp"
#include "runtime/config/scheduler_profile.hpp"
#include "runtime/error_text.hpp"
#include "runtime/console/remote.hpp"
#include "runtime/data_dir_lock.hpp"
#include "runtime/event_log_actor.hpp"
#include "runtime/heartbeat_actor.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/node_args.hpp"
#include "runtime/progress_actor.hpp"
#include "runtime/startup_summary.hpp"
#include "runtime/supervisor.hpp"
#include "runtime/watchdog_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>
#include <utility>

#include <pthread.h>

namespace tn {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_bad_config = 2;

/// Waits for SIGINT/SIGTERM on its own thread and asks the supervisor to
/// stop. The signals must be blocked in every thread before it starts.
class signal_waiter {
public:
  signal_waiter(const sigset_t& sigs, supervisor_actor sup)
    : sigs_(sigs), thread_([this, sup] { run(sup); }) {
  }

  /// Ends the thread: wakes its sigwait with a signal sent to it alone.
  ~signal_waiter() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

private:
  void run(supervisor_actor sup) {
    for (;;) {
      int sig = 0;
      sigwait(&sigs_, &sig);
      if (done_)
        return;
      std::fprintf(stderr, "tradenode: signal %d, stopping\n", sig);
      // A second signal repeats the request; the supervisor ignores it.
      caf::anon_send(sup, atom::stop_v);
    }
  }

  sigset_t sigs_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

/// The published console, or a null handle when console.port is 0.
caf::expected<console_actor> open_console(caf::actor_system& sys, const node_config& cfg,
                                          supervisor_actor sup) {
  auto& section = cfg.console;
  if (section.port == 0)
    return console_actor{};
  auto console = start_console(sys, section, std::move(sup), TN_VERSION);
  auto where = section.host + ":" + std::to_string(section.port);
  if (!console)
    return caf::make_error(ec::network_error,
                           "the console cannot listen on " + where + " (console.port: "
                             + error_text(console.error()) + "; is another node using it?)");
  std::cerr << "tradenode: console on " << where << (section.tls.enabled() ? " (TLS)" : "")
            << std::endl;
  return console;
}

/// Runs the node until the supervisor is down; returns its exit reason.
caf::error supervise(caf::actor_system& sys, const node_config& cfg,
                     const std::vector<node_service>& table, net::io_thread* io,
                     const sigset_t& sigs, std::shared_ptr<journal_db> journal) {
  std::shared_ptr<const clock> source = std::make_shared<wall_clock>();
  auto sup = spawn_supervisor(sys, cfg, io, node_services(cfg, table, source, std::move(journal)),
                              source->now());
  caf::scoped_actor self{sys};
  self->monitor(sup);
  auto console = open_console(sys, cfg, sup);
  if (!console)
    caf::anon_send(sup, atom::stop_v);
  signal_waiter waiter{sigs, sup};
  caf::error reason;
  self->receive([&](caf::down_msg& dm) { reason = std::move(dm.reason); });
  if (!console)
    return std::move(console.error());
  if (*console)
    caf::anon_send_exit(*console, caf::exit_reason::user_shutdown);
  return reason;
}

int run(const node_args& args, const std::vector<node_service>& table) {
  auto cfg = load_node_config(args.config_path, table);
  if (!cfg) {
    std::cerr << "tradenode: " << error_text(cfg.error()) << std::endl;
    return exit_bad_config;
  }
  auto source = args.config_path.empty() ? std::string{"<embedded default>"} : args.config_path;
  if (args.check_config) {
    std::cout << source << ": ok (mode " << to_string(cfg->node.mode) << ")" << std::endl;
    return exit_ok;
  }
  // A backtest's node runs inside `tradenode backtest`, which feeds it the
  // replayed minutes; started here, nothing would.
  if (cfg->node.mode == run_mode::backtest) {
    std::cerr << "tradenode: " << source << " has node.mode: backtest, which replays files "
              << "and runs only as a backtest: tradenode backtest --config " << source
              << " [--data FILE...]; to run a node, give a config of mode paper, testnet or live "
              << "(configs/default.yaml is paper)" << std::endl;
    return exit_bad_config;
  }
  for (auto& line : node_summary(*cfg, source, table))
    std::cerr << "tradenode: " << line << "\n";
  std::cerr << std::flush;
  std::error_code fs_error;
  std::filesystem::create_directories(cfg->node.data_dir, fs_error);
  if (fs_error) {
    std::cerr << "tradenode: cannot create node.data_dir " << cfg->node.data_dir << ": "
              << fs_error.message() << std::endl;
    return exit_failure;
  }
  // Before anything is written to the data directory: a second node on it
  // would share the journal and the heartbeat file.
  std::string lock_error;
  auto lock = data_dir_lock::acquire(cfg->node.data_dir, lock_error);
  if (!lock) {
    std::cerr << "tradenode: " << lock_error << std::endl;
    return exit_failure;
  }
  // A journal that cannot serve (not a database, a newer schema, damaged)
  // will not serve on a retry either: stop before any service starts.
  auto journal = journal_db::open(journal_path(cfg->node.data_dir));
  if (!journal) {
    std::cerr << "tradenode: " << error_text(journal.error()) << std::endl;
    return exit_failure;
  }
  std::cerr << "tradenode: " << describe_open(*journal) << std::endl;
  // Threads started from here on inherit the mask: only sigwait sees the signals.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  net::io_thread io;
  caf::actor_system_config sys_cfg;
  add_message_types(sys_cfg);
  if (cfg->console.port != 0)
    prepare_remote(sys_cfg, cfg->console.tls);
  sys_cfg.set("scheduler.max-threads", size_t{2});
  for (auto& s : scheduler_settings(cfg->section<scheduler_config>().profile))
    sys_cfg.set(s.key, s.value);
  caf::actor_system sys{sys_cfg};
  auto reason = supervise(sys, *cfg, table, &io, sigs,
                          std::make_shared<journal_db>(std::move(*journal)));
  // Every service is down: no actor uses the network any more.
  io.stop();
  if (!reason)
    return exit_ok;
  // The supervisor stops every service before it quits, unless it died of
  // a bug: then survivors must not keep ~actor_system() waiting forever.
  sys.await_actors_before_shutdown(false);
  // The services' last lines come before the node's own.
  drain_line_sinks();
  std::cerr << "tradenode: " << error_text(reason) << std::endl;
  return reason == ec::invalid_config ? exit_bad_config : exit_failure;
}

} // namespace

caf::expected<node_config> load_node_config(const std::string& path,
                                            const std::vector<node_service>& table) {
  if (path.empty())
    return load_config_text(embedded_default_config(), "<embedded default>",
                            config_sections(table));
  return load_config_file(path, config_sections(table));
}

std::vector<std::string> node_summary(const node_config& cfg, const std::string& source,
                                      const std::vector<node_service>& table) {
  auto summary = startup_summary(cfg, source);
  for (auto& service : table)
    if (service.summary)
      for (auto& line : service.summary(cfg))
        summary.push_back(std::move(line));
  return summary;
}

std::vector<service_spec> node_services(const node_config& cfg,
                                        const std::vector<node_service>& table,
                                        std::shared_ptr<const clock> source,
                                        std::shared_ptr<journal_db> journal) {
  // Handed to the first start only; a restart opens the file itself.
  auto opened = std::make_shared<std::shared_ptr<journal_db>>(std::move(journal));
  std::vector<service_spec> result{
    // Services stop in reverse start order. The journal starts first, so it
    // stops last: after the event log, which forwards every event to it,
    // has forwarded what it still had in its mailbox. It tells the event
    // log when it stops or starts being able to write.
    {"journal", {"event_log"},
     [opened](service_context& ctx) {
       return spawn_journal(ctx, std::exchange(*opened, nullptr));
     }},
    {"event_log", {"journal"}, [](service_context& ctx) { return spawn_event_log(ctx); }},
    // The clock's peers are the time listeners: these and the table's
    // services announced to it. It is the time source of every backoff, so
    // the supervisor restarts it at once.
    {"clock",
     {"supervisor", "event_log", "watchdog", "heartbeat", "progress"},
     [source](service_context& ctx) { return spawn_clock(ctx, source); },
     true},
    {"watchdog", {"event_log"}, [](service_context& ctx) { return spawn_watchdog(ctx); }},
  };
  // The heartbeat tells a health check that a service lives. A backtest is
  // a process that ends, and its clock is replay time: the file would be
  // rewritten every replayed minute for no watcher.
  if (cfg.node.mode != run_mode::backtest)
    result.push_back(
      {"heartbeat", {"event_log"}, [](service_context& ctx) { return spawn_heartbeat(ctx); }});
  if (cfg.node.progress_interval > timespan::zero())
    result.push_back({"progress", {}, [](service_context& ctx) { return spawn_progress(ctx); }});
  for (auto& service : table) {
    if (service.runs && !service.runs(cfg))
      continue;
    for (auto& earlier : result)
      if (std::find(service.announced_to.begin(), service.announced_to.end(), earlier.name)
          != service.announced_to.end())
        earlier.peers.push_back(service.spec.name);
    result.push_back(service.spec);
  }
  return result;
}

int run_node(int argc, char** argv, const std::vector<node_service>& table) {
  node_args args;
  std::string error;
  if (!parse_node_args({argv + 1, argv + argc}, args, error)) {
    std::cerr << "tradenode: " << error << "\n" << node_usage;
    return exit_bad_config;
  }
  if (args.help) {
    std::cout << node_usage;
    return exit_ok;
  }
  if (args.version) {
    std::cout << "tradenode " << TN_VERSION << std::endl;
    return exit_ok;
  }
  return run(args, table);
}

} // namespace tn
