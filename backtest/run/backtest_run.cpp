#include "backtest/run/backtest_run.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/agent_config.hpp"
#include "actors/agent/agent_service.hpp"
#include "actors/agent/live_estimate.hpp"
#include "actors/broker/paper_config.hpp"
#include "actors/learner/learner_config.hpp"
#include "actors/risk/risk_config.hpp"
#include "actors/market_replay/backtest_config.hpp"
#include "actors/market_replay/file_derivatives.hpp"
#include "actors/market_replay/file_funding.hpp"
#include "actors/market_replay/market_replay_service.hpp"
#include "actors/market_replay/replay_data.hpp"
#include "backtest/run/backtest_args.hpp"
#include "backtest/run/journal_record.hpp"
#include "backtest/run/run_progress.hpp"
#include "backtest/report/cutoff.hpp"
#include "backtest/report/write_report.hpp"
#include "backtest/sweep/sweep_command.hpp"
#include "messages/error.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "messages/register.hpp"
#include "runtime/clock.hpp"
#include "runtime/data_dir_lock.hpp"
#include "runtime/error_text.hpp"
#include "runtime/external_calls.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"
#include "runtime/line_sink.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/node.hpp"
#include "runtime/supervisor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/system_messages.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace tn::backtest {

namespace {

/// How often the account's equity and the symbols' prices are sampled, in
/// replay time.
constexpr timespan sample_every = std::chrono::hours{1};

namespace fs = std::filesystem;

caf::error fail(ec code, std::string text) {
  return caf::make_error(code, std::move(text));
}

/// Why a config of another mode is no backtest, and what to do instead:
/// `config` names it, `file` stands for its path in the node's command.
std::string not_a_backtest(run_mode mode, const std::string& config, const std::string& file) {
  std::string m = to_string(mode);
  return config + " has node.mode: " + m
         + ", and a backtest replays only a config with node.mode: backtest: give one "
           "(configs/backtest.yaml is an example) or set node.mode: backtest in this one; to run "
         + (config == file ? config : std::string{"it"}) + " as a " + m
         + " node instead: tradenode --config " + file;
}

/// The market of the files: futures when a path says futures_um.
bool futures_path(const std::vector<std::string>& specs) {
  for (auto& s : specs)
    if (s.find("futures_um") != std::string::npos)
      return true;
  return false;
}

/// The node on the test scheduler, as the driver talks to it.
class pipeline {
public:
  pipeline(caf::actor_system& sys, std::shared_ptr<external_calls> external)
    : sched_(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
      self_(sys, true),
      external_(std::move(external)) {
  }

  /// Runs every actor until none has a message left and no model call is
  /// out: the pipeline is idle. A live model's answer arrives on another
  /// thread and is delivered here, on the scheduler's.
  void settle() {
    sched_.run();
    while (external_->pending() > 0) {
      external_->run_one(std::chrono::seconds{30});
      sched_.run();
    }
  }

  /// Moves CAF's own clock (request timeouts) with replay time, so its
  /// timers fire in replay time too and do not pile up.
  void advance(timespan dt) {
    if (dt > timespan::zero())
      sched_.advance_time(dt);
  }

  template <class T, class Handle, class... Ts>
  bool ask(const Handle& dest, T& result, Ts&&... xs) {
    auto rh = self_->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    settle();
    bool ok = false;
    rh.receive([&](T& x) { result = std::move(x); ok = true; }, [](caf::error&) {});
    return ok;
  }

  caf::scoped_actor& self() {
    return self_;
  }

private:
  caf::scheduler::test_coordinator& sched_;
  caf::scoped_actor self_;
  std::shared_ptr<external_calls> external_;
};

caf::actor lookup(pipeline& p, const supervisor_actor& sup, const std::string& name) {
  caf::strong_actor_ptr hdl;
  if (!p.ask(sup, hdl, atom::lookup_v, name))
    return {};
  return caf::actor_cast<caf::actor>(hdl);
}

void sample(pipeline& p, const caf::actor& broker, timestamp now, record& r) {
  if (!broker)
    return;
  account_state acct;
  if (!p.ask(caf::actor_cast<broker_actor>(broker), acct, atom::balance_v))
    return;
  r.equity.push_back({now, acct.equity, acct.equity - acct.quote_balance});
}

/// Creates the run's journal with its client id epoch drawn from `seed`,
/// not from SQLite's randomness: client ids, and the paper trade ids made
/// from them, are then the same in every run. "" or the reason it failed.
std::string seed_client_ids(const std::string& path, uint32_t seed) {
  auto created = journal_db::open(path);
  if (!created)
    return error_text(created.error());
  if (auto err = created->close())
    return error_text(err);
  char epoch[9];
  std::snprintf(epoch, sizeof epoch, "%08x", static_cast<unsigned>(seed * 2654435761u));
  try {
    sql::connection db{path};
    {
      sql::statement st{db, "UPDATE journal_meta SET value = ?1 WHERE key = 'client_id_epoch'"};
      st.bind(1, std::string_view{epoch});
      st.run();
    }
    db.close();
  } catch (const sql::failure& e) {
    return path + ": " + e.what();
  }
  return {};
}

/// The agent's cache summary line for the terminal (the report's counts
/// come from the journal, read_model_usage).
void say_model_use(pipeline& p, const service_actor& agent, std::ostream& log) {
  status_report s;
  if (!p.ask(agent, s, atom::status_v))
    return;
  if (auto line = model_cache_summary(s); !line.empty())
    log << "tradenode: " << line << std::endl;
}

/// The gate's layers at the end of the run: how often each ran and passed
/// (its status counters checked.LAYER and passes.LAYER).
void count_gate_layers(pipeline& p, const service_actor& gate, record& r) {
  status_report s;
  if (!p.ask(gate, s, atom::status_v))
    return;
  static constexpr std::string_view checked = "checked.";
  for (auto& [name, n] : s.counters) {
    if (name.compare(0, checked.size(), checked) != 0)
      continue;
    auto layer = name.substr(checked.size());
    auto& c = r.gate[layer];
    c.checked = static_cast<uint64_t>(n);
    if (auto i = s.counters.find("passes." + layer); i != s.counters.end())
      c.passed = static_cast<uint64_t>(i->second);
  }
}

/// The evaluator-only comparison of a run a model decided: the same data
/// and config with agent.backtest off, run once more into OUT/evaluator-only
/// (its own journal and report), so the first run's journal stays as it
/// was. Nothing when it fails; the run's warnings then say why.
std::optional<record> evaluator_only_pass(node_config cfg, const std::vector<node_service>& table,
                                          std::ostream& log, record& run) {
  cfg.section<agent_config>().backtest = agent_backtest_mode::off;
  auto& bt = cfg.section<backtest_config>();
  bt.out = (fs::path{bt.out} / "evaluator-only").string();
  log << "tradenode: the evaluator-only pass of the same data into " << bt.out << std::endl;
  auto r = run_backtest(std::move(cfg), table, log, true);
  if (!r) {
    run.warnings.push_back("the evaluator-only pass failed: " + error_text(r.error()));
    return std::nullopt;
  }
  return std::move(*r);
}

} // namespace

caf::expected<record> run_backtest(node_config cfg, const std::vector<node_service>& table,
                                   std::ostream& log, bool yes) {
  if (cfg.node.mode != run_mode::backtest)
    return fail(ec::invalid_config, not_a_backtest(cfg.node.mode, "the config", "FILE"));
  // The config as given, for the evaluator-only pass a model's run gets.
  auto given = cfg;
  auto& bt = cfg.section<backtest_config>();
  if (auto why = bt.validate(); !why.empty())
    return fail(ec::invalid_config, why);
  if (bt.data.empty())
    return fail(ec::invalid_config, "nothing to replay: set backtest.data or give --data FILE");
  auto data = std::make_shared<replay_data>();
  std::string error;
  if (!data->load(bt.data, error))
    return fail(ec::invalid_config, "backtest.data: " + error);
  // The data says what is traded and where. Risk's whitelist follows
  // market.symbols unless the config named its own.
  auto& risk_symbols = cfg.section<risk_config>().symbols;
  if (risk_symbols == cfg.market.symbols)
    risk_symbols = data->symbols();
  cfg.market.symbols = data->symbols();
  if (futures_path(bt.data))
    cfg.exchange.market = market_kind::futures;
  // Every random draw from the run's seed.
  if (cfg.market.seed == 0)
    cfg.market.seed = bt.seed;
  if (cfg.section<learner_config>().seed == 0)
    cfg.section<learner_config>().seed = bt.seed;
  // The terminal progress line counts wall time; a backtest has none.
  cfg.node.progress_interval = timespan::zero();
  auto rules = std::make_shared<std::string>();
  if (!bt.exchange_info.empty()) {
    std::ifstream f{bt.exchange_info, std::ios::binary};
    std::stringstream text;
    text << f.rdbuf();
    if (!f || text.str().empty())
      return fail(ec::invalid_config, "backtest.exchange_info: cannot read " + bt.exchange_info);
    *rules = text.str();
  }
  auto from = bt.from != timestamp{} ? bt.from : data->first_open();
  auto to = bt.to != timestamp{} ? bt.to : data->last_close();
  replay_cursor cursor{*data, from, to};
  if (!cursor.error().empty())
    return fail(ec::invalid_config, "backtest.data: " + cursor.error());
  if (cursor.total() == 0)
    return fail(ec::invalid_config, "backtest: no bars of the data lie between backtest.from "
                                      "and backtest.to");
  // A futures backtest's funding, open interest and long/short ratio, as of
  // replay time.
  auto source = std::make_shared<replay_clock>(from);
  auto derivs = std::make_shared<derivs_history>();
  std::vector<std::string> derivs_warnings;
  if (!load_backtest_derivs(bt.funding, bt.open_interest, bt.long_short_ratio, data->symbols(),
                            cfg.exchange.market == market_kind::futures, from, to, *derivs,
                            derivs_warnings, error))
    return fail(ec::invalid_config, error);
  // The run's directory: its journal afresh, so runs never mix.
  std::error_code fs_error;
  fs::create_directories(bt.out, fs_error);
  if (fs_error)
    return fail(ec::storage_error, "cannot create " + bt.out + ": " + fs_error.message());
  cfg.node.data_dir = bt.out;
  auto lock = data_dir_lock::acquire(bt.out, error);
  if (!lock)
    return fail(ec::storage_error, error);
  auto journal_file = journal_path(bt.out);
  auto& agent = cfg.section<agent_config>();
  auto model = model_decides(agent, true);
  if (model && agent.backtest == agent_backtest_mode::cache && agent.cache_journals.empty()
      && fs::exists(journal_file)) {
    // The cache's default is the earlier run's answers, which the fresh
    // journal would lose: they move aside, and the cache reads them there.
    auto previous = (fs::path{bt.out} / "previous-journal.sqlite").string();
    for (auto suffix : {"", "-wal", "-shm"}) {
      fs::remove(previous + suffix, fs_error);
      if (fs::exists(journal_file + suffix))
        fs::rename(journal_file + suffix, previous + suffix, fs_error);
      if (fs_error)
        return fail(ec::storage_error, "cannot keep the earlier run's journal as " + previous
                                         + ": " + fs_error.message());
    }
    agent.cache_journals = {previous};
  }
  for (auto suffix : {"", "-wal", "-shm"})
    fs::remove(journal_file + suffix, fs_error);
  if (!confirm_model_calls(cfg, from, to, this_terminal(yes), std::cin, log, error))
    return fail(ec::invalid_config, error);
  if (auto why = seed_client_ids(journal_file, bt.seed); !why.empty())
    return fail(ec::storage_error, why);
  auto journal = journal_db::open(journal_file);
  if (!journal)
    return std::move(journal.error());
  auto run_table = with_file_funding(with_file_derivatives(table, derivs, data, source), derivs);
  for (auto& line : node_summary(cfg, "backtest", run_table))
    log << "tradenode: " << line << "\n";
  log << "tradenode: backtest of " << cursor.total() << " bars of " << data->symbols().size()
      << " symbols into " << bt.out << std::endl;

  record r;
  r.name = cfg.node.name;
  r.market = to_string(cfg.exchange.market);
  r.quote_asset = cfg.section<paper_config>().quote_asset;
  r.model.mode = model ? to_string(agent.backtest) : "off";
  if (model)
    if (auto warning = cutoff_warning(agent.model, bt.model_cutoffs, from, to); !warning.empty())
      r.warnings.push_back(warning);
  r.warnings.insert(r.warnings.end(), derivs_warnings.begin(), derivs_warnings.end());
  if (rules->empty())
    r.warnings.push_back("no backtest.exchange_info: risk had no exchange rules and refused "
                         "every order");
  caf::error reason;
  {
    caf::actor_system_config sys_cfg;
    add_message_types(sys_cfg);
    sys_cfg.set("scheduler.policy", caf::atom("testing"));
    caf::actor_system sys{sys_cfg};
    auto services = node_services(cfg, backtest_table(run_table, data, source, cursor.total(), rules),
                                  source, std::make_shared<journal_db>(std::move(*journal)));
    // Only a live model over HTTP needs the network thread.
    std::unique_ptr<net::io_thread> io;
    if (model && agent.backtest == agent_backtest_mode::live
        && (agent.backend == agent_backend::anthropic || agent.backend == agent_backend::openai))
      io = std::make_unique<net::io_thread>();
    auto external = std::make_shared<external_calls>();
    auto sup = spawn_supervisor(sys, cfg, io.get(), std::move(services), from, external);
    pipeline p{sys, external};
    p.self()->monitor(sup);
    p.settle();
    auto clock = caf::actor_cast<clock_actor>(lookup(p, sup, "clock"));
    auto replay = caf::actor_cast<market_replay_actor>(lookup(p, sup, market_replay_name));
    auto broker = lookup(p, sup, "broker");
    if (!clock || !replay) {
      caf::anon_send(sup, atom::stop_v);
      p.settle();
      return fail(ec::missing_service, "the node did not start its clock and market replay");
    }
    sample(p, broker, from, r);
    r.starting_equity = r.equity.empty() ? decimal{} : r.equity.front().equity;
    auto now = from;
    auto next_sample = from + sample_every;
    timestamp t;
    std::vector<candle> closed;
    std::map<std::string, double> last_close;
    bool first = true;
    run_progress progress{cursor.total()};
    while (cursor.next(t, closed)) {
      if (first)
        r.from = t;
      first = false;
      source->advance_to(t);
      p.advance(t - now);
      now = t;
      caf::anon_send(clock, atom::beat_v);
      caf::anon_send(replay, closed_batch(closed, t));
      p.settle();
      progress.step(cursor.done());
      for (auto& bar : closed)
        last_close[bar.symbol] = bar.close;
      if (t >= next_sample) {
        next_sample = t + sample_every;
        sample(p, broker, t, r);
        for (auto& [symbol, px] : last_close)
          if (auto d = decimal::from_double(px))
            r.prices[symbol].push_back({t, *d});
      }
    }
    progress.finish(cursor.done());
    r.to = now;
    if (r.equity.empty() || r.equity.back().time != now) {
      sample(p, broker, now, r);
      for (auto& [symbol, px] : last_close)
        if (auto d = decimal::from_double(px))
          r.prices[symbol].push_back({now, *d});
    }
    r.candles = cursor.done();
    if (auto agent_hdl = lookup(p, sup, "agent"))
      say_model_use(p, caf::actor_cast<service_actor>(agent_hdl), log);
    if (auto gate_hdl = lookup(p, sup, "gate"))
      count_gate_layers(p, caf::actor_cast<service_actor>(gate_hdl), r);
    caf::anon_send(sup, atom::stop_v);
    p.settle();
    p.self()->receive([&](caf::down_msg& dm) { reason = std::move(dm.reason); },
                      caf::after(std::chrono::seconds{0}) >>
                        [&] { reason = fail(ec::missing_service, "the node did not stop"); });
    if (io)
      io->stop();
    // The test clock's pending timers keep actors alive; none is needed.
    sys.await_actors_before_shutdown(false);
  }
  drain_line_sinks();
  // The files are read as the run goes: a bad row ends it there.
  if (!cursor.error().empty())
    return fail(ec::invalid_config, "backtest.data: " + cursor.error());
  if (reason && reason != caf::exit_reason::user_shutdown && reason != caf::exit_reason::normal)
    return reason;
  if (!read_journal_record(journal_file, r, error))
    return fail(ec::storage_error, error);
  // The run is the evaluator's unless a model decided (agent.backtest);
  // then the evaluator-only comparison is a second pass. An evaluator's run
  // is not repeated: the report takes it as its own comparison
  // (evaluator_comparison).
  std::optional<record> evaluator_only;
  if (model)
    evaluator_only = evaluator_only_pass(std::move(given), table, log, r);
  if (!write_report(r, evaluator_only ? &*evaluator_only : nullptr, bt.out, error))
    return fail(ec::storage_error, error);
  return r;
}

int run_backtest_command(const std::vector<std::string>& args,
                         const std::vector<node_service>& table, std::ostream& out,
                         std::ostream& err) {
  if (is_sweep(args))
    return run_sweep_command(args, config_sections(table), "/proc/self/exe", out, err);
  backtest_args a;
  std::string error;
  if (!parse_backtest_args(args, a, error)) {
    err << "tradenode backtest: " << error << "\n" << backtest_usage;
    return 2;
  }
  if (a.help) {
    out << backtest_usage << "\n" << sweep_usage;
    return 0;
  }
  auto cfg = load_node_config(a.config_path, table);
  if (!cfg) {
    err << "tradenode backtest: " << error_text(cfg.error()) << std::endl;
    return 2;
  }
  // Refused before anything else, naming the file.
  if (cfg->node.mode != run_mode::backtest) {
    err << "tradenode backtest: "
        << not_a_backtest(cfg->node.mode, a.config_path, a.config_path) << std::endl;
    return 2;
  }
  auto& bt = cfg->section<backtest_config>();
  if (!a.data.empty())
    bt.data = a.data;
  for (auto [text, into] : {std::pair{&a.from, &bt.from}, std::pair{&a.to, &bt.to}})
    if (!text->empty() && !parse_utc_time(*text, *into)) {
      err << "tradenode backtest: not a UTC time: " << *text << "\n" << backtest_usage;
      return 2;
    }
  if (!a.out.empty())
    bt.out = a.out;
  // `bt` lives in the config run_backtest consumes: its directory outlives it.
  auto out_dir = bt.out;
  auto r = run_backtest(std::move(*cfg), table, err, a.yes);
  if (!r) {
    err << "tradenode backtest: " << error_text(r.error()) << std::endl;
    return r.error() == ec::invalid_config ? 2 : 1;
  }
  out << "backtest: " << r->candles << " bars, " << r->fills.size() << " fills, "
      << r->trades.size() << " closed trades; " << out_dir << "/report.html, " << out_dir
      << "/report.json, " << out_dir << "/trades.csv" << std::endl;
  return 0;
}

} // namespace tn::backtest
