// The whole decision loop in-process under the real supervisor: the
// exchange simulator streams over TLS, the gate passes on its timer, the
// trader asks the agent, whose Anthropic backend talks HTTPS to the
// scripted LLM endpoint on loopback. The endpoint fails three times: the
// evaluator takes over, the breaker opens, and after its open period (in
// market time) the probe re-authenticates, succeeds and hands back to the
// model. Every decision lands in the SQLite journal.

#include "actors/agent/agent_config.hpp"
#include "actors/gate/gate_config.hpp"
#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/ask.hpp"
#include "test/integration/market/sim_fixture.hpp"
#include "test/integration/supervised.hpp"
#include "tools/llm-endpoint/endpoint.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace tn;
using namespace std::chrono_literals;
using test::ask;

namespace {

llm::llm_step server_error() {
  llm::llm_step s;
  s.status = 500;
  s.body = llm::step_body::error;
  s.error_type = "api_error";
  s.error_message = "Internal server error";
  return s;
}

bool has_text(const std::vector<event>& events, const std::string& needle) {
  for (auto& e : events)
    if (e.text.find(needle) != std::string::npos)
      return true;
  return false;
}

/// An empty journal directory for `cfg`, named for this process; no
/// progress line.
std::filesystem::path fresh_data_dir(node_config& cfg, const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cfg.node.data_dir = dir.string();
  cfg.node.progress_interval = timespan::zero();
  return dir;
}

} // namespace

TEST_CASE_METHOD(test::sim_fixture, "decision loop: model, evaluator takeover, breaker, handback") {
  start_sim("decision_loop_sim.log", {"--rebase-now"});
  net::io_thread io;
  llm::endpoint_options opts;
  opts.cert_file = pki + "/server.pem";
  opts.key_file = pki + "/server.key";
  opts.api_key = "test-key-0123456789";
  opts.script = {server_error(), server_error(), server_error()};
  llm::llm_endpoint endpoint{io, opts};
  std::string error;
  REQUIRE(endpoint.start(error));
  ::setenv("TN_TEST_LLM_KEY", "test-key-0123456789", 1);

  auto cfg = config();
  auto dir = fresh_data_dir(cfg, "tn-decision-");
  // Market time runs 600 times wall time: one timer pass per market minute.
  auto& gate = cfg.section<gate_config>();
  gate.min_check = 1min;
  gate.max_check = 1min;
  gate.min_spacing = 1min;
  auto& agent = cfg.section<agent_config>();
  agent.backend = agent_backend::anthropic;
  agent.base_url = endpoint.origin();
  agent.auth_env = "TN_TEST_LLM_KEY";
  agent.ca_file = pki + "/ca.pem";
  agent.timeout = 5s;
  agent.max_retries = 0;
  cfg.breaker.failures = 3;
  cfg.breaker.open_for = 3min;
  caf::scoped_actor self{sys};
  test::supervised node{sys, cfg, io};
  auto journal = node.service<journal_actor>("journal");
  auto decisions = [&] {
    std::vector<decision_record> rows;
    ask(self, journal, rows, atom::decisions_v, uint32_t{100});
    return rows;
  };
  auto model_decisions = [](const std::vector<decision_record>& rows) {
    return std::count_if(rows.begin(), rows.end(), [](const decision_record& r) {
      return r.chosen.source == decision_source::model;
    });
  };
  std::vector<decision_record> rows;
  for (int i = 0; i < 600 && model_decisions(rows = decisions()) < 2; ++i)
    std::this_thread::sleep_for(100ms);
  REQUIRE(model_decisions(rows) >= 2);

  // Three failed calls, each decided by the evaluator instead.
  REQUIRE(rows.size() >= 6);
  for (size_t i = 0; i < 3; ++i) {
    INFO("decision " << i << ": " << rows[i].model_outcome);
    CHECK(rows[i].chosen.source == decision_source::evaluator);
    CHECK(rows[i].model_outcome.rfind("failed: api_error", 0) == 0);
    CHECK(rows[i].backend == "anthropic");
  }
  // Then the breaker is open: the model is not asked until the probe.
  size_t first_model = 3;
  while (first_model < rows.size() && rows[first_model].chosen.source != decision_source::model) {
    CHECK(rows[first_model].model_outcome == "breaker open");
    ++first_model;
  }
  CHECK(first_model > 3);
  REQUIRE(first_model < rows.size());
  // The probe came at least open_for (market time) after the third failure.
  CHECK(rows[first_model].trigger.ts - rows[2].trigger.ts >= 3min);
  auto& probe = rows[first_model];
  CHECK(probe.model_outcome == "ok");
  CHECK(probe.chosen.prompt_hash.size() == 64);
  CHECK(probe.chosen.usage.input_tokens == 1200);
  CHECK(probe.chosen.cost_usd > 0);
  CHECK(probe.raw_response.find("tool_use") != std::string::npos);
  breaker_status breaker;
  REQUIRE(ask(self, node.sup, breaker, atom::breaker_v));
  CHECK(breaker.state == breaker_state::closed);
  CHECK(breaker.times_opened == 1);

  // The endpoint saw exactly the calls the journal accounts for, each with
  // the key and the API version.
  auto requests = endpoint.requests();
  CHECK(requests.size() == 3 + static_cast<size_t>(model_decisions(decisions())));
  for (auto& r : requests) {
    CHECK(r.header("x-api-key") == "<redacted>");
    CHECK(r.header("anthropic-version") == "2023-06-01");
    CHECK(r.body.find("BTCUSDT") != std::string::npos);
    CHECK(r.body.find("test-key-0123456789") == std::string::npos);
  }

  // The breaker's transitions are events.
  std::vector<event> events;
  REQUIRE(ask(self, node.service<event_log_actor>("event_log"), events, atom::events_v,
              std::string{"breaker"}));
  CHECK(has_text(events, "breaker open"));
  CHECK(has_text(events, "half-open"));
  CHECK(has_text(events, "breaker closed"));

  node.stop();
  endpoint.stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE_METHOD(test::sim_fixture, "decision loop on historic market time (no --rebase-now)") {
  // The simulator streams 2025-07-13 as it was, while the host clock says
  // today: every pass must run on the market's time, not the host's.
  start_sim("decision_historic_sim.log", {});
  net::io_thread io;
  auto cfg = config();
  auto dir = fresh_data_dir(cfg, "tn-decision-historic-");
  // 600 times wall time: a timer pass every 6 s, the 4h close within a minute.
  auto& gate = cfg.section<gate_config>();
  gate.min_check = 1h;
  gate.max_check = 1h;
  gate.min_spacing = 5min;
  caf::scoped_actor self{sys};
  test::supervised node{sys, cfg, io};
  auto journal = node.service<journal_actor>("journal");
  auto is_close = [](const decision_record& r) {
    return r.trigger.reason == pass_reason::candle_close;
  };
  std::vector<decision_record> rows;
  for (int i = 0; i < 1200 && std::none_of(rows.begin(), rows.end(), is_close); ++i) {
    std::this_thread::sleep_for(100ms);
    rows.clear();
    ask(self, journal, rows, atom::decisions_v, uint32_t{100});
  }
  REQUIRE(std::any_of(rows.begin(), rows.end(), is_close));
  auto day = from_unix_ms(1'752'364'800'000); // 2025-07-13 00:00 UTC
  for (auto& r : rows) {
    INFO(to_string(r.trigger.reason) << " " << r.trigger.detail);
    CHECK(r.trigger.ts >= day);
    CHECK(r.trigger.ts < day + 24h);
    if (is_close(r)) { // at a 4h boundary, on the closing frame
      CHECK((r.trigger.ts - day) % 4h < 1min);
      CHECK(r.trigger.detail == "4h bar closed");
    }
  }
  node.stop();
  std::filesystem::remove_all(dir);
}
