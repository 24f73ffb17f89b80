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
};

const char* to_string(agent_backend x);

} // namespace tn
