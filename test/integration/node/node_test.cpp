#include "test/integration/files.hpp"
#include "subprocess.hpp"
#include "test/integration/node/start_node.hpp"

#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

using namespace std::chrono_literals;
using tn::test::subprocess;
using tn::test::temp_dir;

using tn::test::slurp;
using tn::test::wait_for_text;
using tn::test::write;

namespace {

const std::string tradenode = TN_TRADENODE;



struct outcome {
  int code;
  std::string out;
  std::string err;
};

/// Runs tradenode to completion (bounded).
outcome run(const temp_dir& dir, const std::vector<std::string>& args,
            const std::vector<std::string>& env = {}) {
  subprocess p{tradenode, args, dir.file("stdout"), dir.file("stderr"), env};
  REQUIRE(p.started());
  auto code = p.exit_code(30s);
  return {code, slurp(dir.file("stdout")), slurp(dir.file("stderr"))};
}


/// A paper node with fast kernel timers; the exchange URLs point at a
/// loopback port where nothing listens, so the market services keep
/// retrying while the node runs.
std::string node_config(const temp_dir& dir) {
  return "node:\n"
         "  mode: paper\n"
         "  name: it-node\n"
         "  data_dir: " + dir.file("data") + "\n"
         "  heartbeat_interval: 1s\n"
         "  progress_interval: 100ms\n"
         "  clock_period: 100ms\n"
         "exchange:\n"
         "  rest_url: https://127.0.0.1:9\n"
         "  ws_url: wss://127.0.0.1:9\n"
         "  ca_file: \"\"\n";
}

void stops_cleanly_on(int sig) {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  subprocess p{tradenode, {"--config", cfg}, dir.file("stdout"), dir.file("stderr")};
  REQUIRE(p.started());
  // The first heartbeat means the supervisor started every service and the
  // signals are blocked.
  auto heartbeat = dir.file("data/heartbeat");
  REQUIRE(wait_for_text(heartbeat, "\"pid\"", 20s));
  // The progress line shows the market services answering status.
  CHECK(wait_for_text(dir.file("stdout"), "] - frames/s  STREAM DOWN  symbols 0", 20s));
  auto beat = slurp(heartbeat);
  CHECK(beat.find("\"pid\":" + std::to_string(p.pid()) + ",") != std::string::npos);
  CHECK(beat.find("\"mode\":\"paper\",\"name\":\"it-node\"") != std::string::npos);
  p.signal(sig);
  CHECK(p.exit_code(15s) == 0);
  auto err = slurp(dir.file("stderr"));
  INFO(err);
  CHECK(err.find("tradenode: signal " + std::to_string(sig) + ", stopping") != std::string::npos);
  CHECK(err.find("supervisor info started journal, event_log, clock") != std::string::npos);
  CHECK(err.find("supervisor info stopping services") != std::string::npos);
}

} // namespace

TEST_CASE("tradenode exits 0 on SIGTERM") {
  stops_cleanly_on(SIGTERM);
}

TEST_CASE("tradenode exits 0 on SIGINT") {
  stops_cleanly_on(SIGINT);
}

TEST_CASE("tradenode journals its events and leaves a sound journal after SIGTERM") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  subprocess p{tradenode, {"--config", cfg}, dir.file("stdout"), dir.file("stderr")};
  REQUIRE(p.started());
  REQUIRE(wait_for_text(dir.file("data/heartbeat"), "\"pid\"", 20s));
  // The market services cannot connect; their complaints are events too.
  CHECK(wait_for_text(dir.file("stderr"), " market warning ", 20s));
  p.signal(SIGTERM);
  CHECK(p.exit_code(15s) == 0);
  auto err = slurp(dir.file("stderr"));
  INFO(err);
  CHECK(err.find("journal info journal flushed: ") != std::string::npos);
  auto path = tn::journal_path(dir.file("data"));
  {
    tn::sql::connection raw{path};
    CHECK(tn::sql::query_text(raw, "PRAGMA integrity_check") == "ok");
  }
  auto db = tn::journal_db::open(path);
  REQUIRE(db);
  auto has = [&](const std::string& topic, const std::string& text) {
    auto events = db->events_since(topic, 0);
    REQUIRE(events);
    return std::any_of(events->begin(), events->end(), [&](const tn::journaled_event& x) {
      return x.value.text.find(text) != std::string::npos;
    });
  };
  CHECK(has("supervisor", "started journal, event_log, clock"));
  // Published while the services stop; the journal stops next to last.
  CHECK(has("supervisor", "stopping services"));
  CHECK(has("market", ""));
}

TEST_CASE("tradenode refuses a bad config with exit code 2 and its position") {
  temp_dir dir;
  auto cfg = dir.file("bad.yaml");
  write(cfg, "node:\n  mode: paper\n  clock_period: 5 parsecs\n");
  auto r = run(dir, {"--config", cfg});
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find(cfg + ":3:") != std::string::npos);
  CHECK(r.err.find("clock_period") != std::string::npos);
}

TEST_CASE("tradenode refuses a missing config file with exit code 2") {
  temp_dir dir;
  auto cfg = dir.file("missing.yaml");
  auto r = run(dir, {"--config", cfg});
  CHECK(r.code == 2);
  CHECK(r.err.find(cfg) != std::string::npos);
}

TEST_CASE("tradenode --check-config accepts every shipped config") {
  temp_dir dir;
  size_t checked = 0;
  for (auto& entry : std::filesystem::directory_iterator{TN_CONFIGS_DIR}) {
    if (entry.path().extension() != ".yaml")
      continue;
    auto path = entry.path().string();
    INFO(path);
    auto r = run(dir, {"--check-config", "--config", path},
                 {"LIVE_TRADING=true", "ANTHROPIC_API_KEY=sk-test-not-a-key"});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find(path + ": ok") != std::string::npos);
    ++checked;
  }
  CHECK(checked >= 4);
  auto embedded = run(dir, {"--check-config"});
  CHECK(embedded.code == 0);
  CHECK(embedded.out.find("<embedded default>: ok (mode paper)") != std::string::npos);
}

TEST_CASE("tradenode refuses live mode without LIVE_TRADING=true") {
  temp_dir dir;
  auto r = run(dir, {"--check-config", "--config", std::string{TN_CONFIGS_DIR} + "/live.example.yaml"},
               {"LIVE_TRADING", "ANTHROPIC_API_KEY=sk-test-not-a-key"});
  CHECK(r.code == 2);
  CHECK(r.err.find("LIVE_TRADING=true") != std::string::npos);
}

TEST_CASE("tradenode refuses a backtest config, names the backtest command and touches nothing") {
  temp_dir dir;
  auto path = std::string{TN_CONFIGS_DIR} + "/backtest.yaml";
  // configs/backtest.yaml's node.data_dir.
  auto data_dir = dir.file("bt");
  auto r = run(dir, {"--config", path}, {"TN_BACKTEST_DIR=" + data_dir});
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("tradenode: " + path + " has node.mode: backtest, which replays files and "
                   "runs only as a backtest: tradenode backtest --config " + path
                   + " [--data FILE...]; to run a node, give a config of mode paper, testnet "
                     "or live (configs/default.yaml is paper)\n")
        != std::string::npos);
  CHECK(r.err.find("supervisor") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(data_dir));
}

TEST_CASE("tradenode backtest needs --config and refuses a config of another mode") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  auto paper = run(dir, {"backtest", "--config", cfg, "--data", dir.file("BTCUSDT-1m.csv"),
                         "--out", dir.file("out")});
  INFO(paper.err);
  CHECK(paper.code == 2);
  CHECK(paper.err.find("tradenode backtest: " + cfg + " has node.mode: paper, and a backtest "
                       "replays only a config with node.mode: backtest: give one "
                       "(configs/backtest.yaml is an example) or set node.mode: backtest in "
                       "this one; to run " + cfg + " as a paper node instead: tradenode --config "
                       + cfg + "\n")
        != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));
  CHECK_FALSE(std::filesystem::exists(dir.file("data")));
  auto none = run(dir, {"backtest", "--data", dir.file("BTCUSDT-1m.csv")});
  INFO(none.err);
  CHECK(none.code == 2);
  CHECK(none.err.find("tradenode backtest: --config FILE is needed") == 0);
  CHECK(none.err.find("usage: tradenode backtest --config FILE") != std::string::npos);
}

TEST_CASE("tradenode answers --help and --version and refuses unknown options") {
  temp_dir dir;
  auto help = run(dir, {"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("usage: tradenode [--config FILE]") == 0);
  auto version = run(dir, {"--version"});
  CHECK(version.code == 0);
  CHECK(version.out.find("tradenode ") == 0);
  auto bad = run(dir, {"--bogus"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown argument: --bogus") != std::string::npos);
}

TEST_CASE("a second node on the same data_dir is refused before it writes anything") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  auto first = start_node(dir, cfg, "1", {}, 20s);
  auto heartbeat = dir.file("data/heartbeat");
  REQUIRE(wait_for_text(heartbeat, "\"pid\"", 20s));
  subprocess second{tradenode, {"--config", cfg}, dir.file("stdout2"), dir.file("stderr2")};
  REQUIRE(second.started());
  auto code = second.exit_code(30s);
  auto err = slurp(dir.file("stderr2"));
  INFO(err);
  CHECK(code == 1);
  CHECK(err.find("node.data_dir " + dir.file("data") + " is in use by another tradenode (pid "
                 + std::to_string(first->pid()) + ")")
        != std::string::npos);
  // It started nothing: no service line, no console, and the heartbeat
  // still names the first node.
  CHECK(err.find("supervisor") == std::string::npos);
  CHECK(slurp(dir.file("stdout2")).empty());
  CHECK(slurp(heartbeat).find("\"pid\":" + std::to_string(first->pid()) + ",")
        != std::string::npos);
  first->signal(SIGTERM);
  CHECK(first->exit_code(15s) == 0);
  // The lock goes with the process: the next node starts.
  auto third = start_node(dir, cfg, "3", {}, 20s);
  third->signal(SIGTERM);
  CHECK(third->exit_code(15s) == 0);
}

TEST_CASE("a journal that is not a database stops the node before any service, without retries") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  std::filesystem::create_directories(dir.file("data"));
  write(tn::journal_path(dir.file("data")), std::string(8192, 'x'));
  auto r = run(dir, {"--config", cfg});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("not an SQLite database") != std::string::npos);
  CHECK(r.err.find("restart") == std::string::npos);
  CHECK(r.err.find("supervisor") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("data/heartbeat")));
}

TEST_CASE("the node names its journal at start, and says when it recovered from an unclean "
          "shutdown") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir));
  auto path = tn::journal_path(dir.file("data"));
  auto fresh = start_node(dir, cfg, "1", {}, 20s);
  fresh->signal(SIGKILL); // no clean close
  fresh->wait(15s);
  auto said = slurp(dir.file("stderr1"));
  CHECK(said.find("tradenode: journal " + path + " (schema ") != std::string::npos);
  CHECK(said.find("recovered") == std::string::npos);
  auto after_crash = start_node(dir, cfg, "2", {}, 20s);
  after_crash->signal(SIGTERM);
  CHECK(after_crash->exit_code(15s) == 0);
  said = slurp(dir.file("stderr2"));
  INFO(said);
  CHECK(said.find("tradenode: journal " + path) != std::string::npos);
  CHECK(said.find("recovered after an unclean shutdown") != std::string::npos);
  auto after_clean_stop = start_node(dir, cfg, "3", {}, 20s);
  after_clean_stop->signal(SIGTERM);
  CHECK(after_clean_stop->exit_code(15s) == 0);
  CHECK(slurp(dir.file("stderr3")).find("recovered") == std::string::npos);
}
