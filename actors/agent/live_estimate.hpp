#pragma once

// Before a backtest calls the model (agent.backtest: live): how many calls
// it may make and what they may cost, shown on the terminal, and the
// question whether to go on. Pure: the terminal is a pair of streams and
// two facts about it, so every answer is testable.

#include "actors/agent/cost.hpp"
#include "messages/decision.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace tn {

/// What the estimate is made of.
struct live_estimate_input {
  timestamp from;                      // the replayed period, [from, to)
  timestamp to;
  uint32_t max_decisions_per_day = 48; // gate.max_decisions_per_day
  timespan max_check{};                // gate.max_check: the timer's longest silence
  size_t request_bytes = 0;            // system prompt, schema and a full snapshot
  uint32_t max_tokens = 0;             // agent.max_tokens: the longest answer
  std::vector<model_price> prices;
  std::string backend;
  std::string model;
  double budget_usd = 0;               // agent.backtest_budget_usd
};

/// The bound. The gate passes at most max_decisions_per_day times per UTC
/// day, so max_calls = UTC days the period touches x that cap; its timer
/// alone passes at least once per max_check, so min_calls = period /
/// max_check. A call is priced at its largest: the request at one token
/// per two bytes (estimated_usage, which overstates) and an answer of
/// max_tokens.
struct live_estimate {
  uint64_t min_calls = 0;
  uint64_t max_calls = 0;
  token_usage per_call;
  /// None: the price table has no row for the model.
  std::optional<double> usd_per_call;
  std::optional<double> max_usd; // max_calls x usd_per_call
  double budget_usd = 0;
  std::string backend;
  std::string model;
};

live_estimate estimate_live_calls(const live_estimate_input& in);

/// The estimate as the lines shown before the question.
std::vector<std::string> describe(const live_estimate& e);

/// The terminal the question goes to.
struct confirm_terminal {
  bool yes = false;         // --yes: no question
  bool interactive = false; // stdin and stdout are a terminal
  bool ci = false;          // $CI is set (a CI job, even on a pseudo-terminal)
};

/// The terminal of this process: stdin/stdout a TTY, $CI set.
confirm_terminal this_terminal(bool yes);

/// Shows the estimate on `out` and asks on `in` whether to call the model;
/// true to go on ("y" or "yes", any case). With `yes` it only shows.
/// Without a terminal or in CI, and without `yes`, it refuses without
/// asking. False with the reason in `why` ("declined", or what to pass).
bool confirm_live_backtest(const live_estimate& e, const confirm_terminal& t, std::istream& in,
                           std::ostream& out, std::string& why);

} // namespace tn
