#pragma once

// The agent's config section: which model backend decides, how it is
// reached, and what it may spend. Read by agent_section()
// (actors/agent/agent_section.cpp).

#include "messages/fwd.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tn {

/// Where the model's decisions come from.
enum class agent_backend : uint8_t { none = 0, anthropic, openai, claude_cli };

/// The model in a backtest (agent.backtest): `cache` answers from earlier
/// journaled answers by prompt hash (nothing is called, nothing spent),
/// `live` calls the configured backend under a budget for the whole run,
/// `off` leaves every decision to the evaluator.
enum class agent_backtest_mode : uint8_t { cache = 0, live, off };

/// A price row added to (or replacing one of) the built-in table, USD per
/// million tokens.
struct model_price_override {
  std::string model_prefix;
  double input_per_mtok = 0;
  double output_per_mtok = 0;
};

struct agent_config {
  /// none: the evaluator decides everything.
  agent_backend backend = agent_backend::none;
  /// Model id; "" picks the backend's default (anthropic: claude-sonnet-4-5;
  /// claude-cli: the CLI's own).
  std::string model;
  /// Base URL of the API (anthropic, openai); "" uses https://api.anthropic.com
  /// for anthropic. An openai backend needs one (e.g. http://127.0.0.1:11434).
  std::string base_url;
  /// Environment variable with the API key (anthropic: x-api-key; openai:
  /// Bearer, may be unset for local servers; claude-cli: an OAuth token or
  /// API key, CLAUDE_CODE_OAUTH_TOKEN unless configured, given to the CLI
  /// under the name it reads; the CLI's own names are tried after it).
  std::string auth_env = "ANTHROPIC_API_KEY";
  /// PEM file of trusted CAs for the API; empty: the system store.
  std::string ca_file;
  /// One attempt's limit; the whole call with retries can take longer.
  timespan timeout = std::chrono::seconds{120};
  uint32_t max_retries = 2;
  uint32_t max_tokens = 2048;
  /// NaN leaves the provider's default.
  double temperature = std::numeric_limits<double>::quiet_NaN();
  /// USD per UTC day; once spent, the evaluator decides until midnight.
  /// 0 means no model calls at all.
  double daily_budget_usd = 10.0;
  /// anthropic: prompt cache lifetime of the static prefix, "5m" or "1h".
  std::string cache_ttl = "5m";
  /// openai: ask through a forced tool call instead of response_format json_schema.
  bool openai_tool_call = false;
  /// claude-cli: the executable and its turn limit.
  std::string cli_executable = "claude";
  uint32_t cli_max_turns = 3;
  /// claude-cli: variables passed through to the CLI besides PATH and HOME
  /// (ANTHROPIC_BASE_URL, HTTPS_PROXY, NODE_EXTRA_CA_CERTS, CLAUDE_CONFIG_DIR).
  std::vector<std::string> cli_env;
  /// Calls billed to a Claude subscription (claude-cli with an OAuth token)
  /// are journaled with their notional cost; true also counts them against
  /// daily_budget_usd.
  bool subscription_in_budget = false;
  std::vector<model_price_override> prices;
  /// How a backtest uses the model; live and paper runs ignore it.
  agent_backtest_mode backtest = agent_backtest_mode::cache;
  /// cache: the journals whose earlier answers are replayed, read only.
  /// Empty: the backtest's own journal (node.data_dir/journal.sqlite) as
  /// the run finds it at start, i.e. the answers of earlier runs.
  std::vector<std::string> cache_journals;
  /// live: USD for the whole backtest run (0 to 100000); once spent, the
  /// evaluator decides the rest of the run. daily_budget_usd does not apply
  /// in a backtest.
  double backtest_budget_usd = 5.0;
};

const char* to_string(agent_backend x);
const char* to_string(agent_backtest_mode x);

/// Whether a model is asked at all: a backend is configured and, in a
/// backtest, agent.backtest is not off. False: the evaluator decides and
/// the agent service does not run in a backtest.
bool model_decides(const agent_config& a, bool backtest);

} // namespace tn
