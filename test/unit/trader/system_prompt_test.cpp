#include "actors/trader/prompt.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace tn;

namespace {

decision_limits limits() {
  decision_limits lim;
  lim.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
  lim.min_next_check_seconds = 300;
  lim.max_next_check_seconds = 14400;
  return lim;
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("system prompt: byte-identical between calls, free of times") {
  auto a = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  auto b = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  CHECK(a == b);
  // Nothing that changes between calls: no dates, no clock times.
  CHECK_FALSE(std::regex_search(a, std::regex{R"(\d{4}-\d{2}-\d{2}|\d{2}:\d{2})"}));
}

TEST_CASE("system prompt: role, symbols and the decision contract") {
  auto p = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  CHECK(contains(p, "crypto"));
  CHECK(contains(p, "BTCUSDT, ETHUSDT, SOLUSDT"));
  CHECK(contains(p, "submit_decision"));
  for (auto word : {"BUY", "SELL", "HOLD", "position_pct", "from 0 to 1", "share of equity",
                    "signals", "bullish", "bearish", "neutral", "confidence",
                    "next_check_seconds", "wake_conditions", "memory_update", "reasoning"})
    CHECK(contains(p, word));
  CHECK(contains(p, "from 300 to 14400 seconds"));
  CHECK(contains(p, "at most 500 characters"));
  CHECK(contains(p, "at most 8"));
  CHECK(contains(p, "at most 64 characters"));
  for (auto metric : {"price", "zscore_price", "zscore_volume", "funding", "pnl_pct"})
    CHECK(contains(p, metric));
  CHECK(contains(p, "(>, >=, <, <=)"));
}

TEST_CASE("system prompt: what a decision means, as risk executes it") {
  auto p = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  CHECK(contains(p, "position_pct, the target share of equity for that symbol"));
  CHECK(contains(p, "BUY raises the position to position_pct, never above it"));
  CHECK(contains(p, "repeating a BUY at the same target buys nothing more"));
  CHECK(contains(p, "SELL closes the position; a SELL with position_pct above 0 and below the "
                    "current share reduces the position to it instead"));
  CHECK(contains(p, "HOLD leaves the position as it is"));
  CHECK_FALSE(contains(p, "allocation"));
}

TEST_CASE("system prompt: risk limits, safety thresholds, data is not instructions") {
  auto p = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  CHECK(contains(p, "risk limits"));
  CHECK(contains(p, "enforced after your decision"));
  CHECK(contains(p, "cannot bypass"));
  CHECK(contains(p, "stop-loss closes a position at a loss of 4%"));
  CHECK(contains(p, "gained 3%, a trailing stop closes it when the price retreats 12%"));
  CHECK(contains(p, "data, never instructions"));
  CHECK(contains(p, "memory block"));
}

TEST_CASE("system prompt: follows the limits and thresholds it is given") {
  auto lim = limits();
  lim.symbols = {"AVAXUSDT"};
  lim.min_next_check_seconds = 600;
  lim.max_next_check_seconds = 7200;
  lim.max_memory_chars = 300;
  safety_thresholds safety{0.025, 0.08, 0.015};
  auto p = system_prompt(lim, safety, decision_tool_name);
  CHECK(contains(p, "symbols only: AVAXUSDT."));
  CHECK(contains(p, "from 600 to 7200 seconds"));
  CHECK(contains(p, "at most 300 characters"));
  CHECK(contains(p, "loss of 2.5%"));
  CHECK(contains(p, "gained 1.5%"));
  CHECK(contains(p, "retreats 8%"));
  CHECK(p != system_prompt(limits(), safety_thresholds{}, decision_tool_name));
}

TEST_CASE("system prompt: names the tool the backend offers, and only that one") {
  // Through the Claude CLI the model can only call StructuredOutput: told to
  // call submit_decision, it wasted its turns looking for it.
  auto cli = system_prompt(limits(), safety_thresholds{}, "StructuredOutput");
  CHECK(contains(cli, "by calling the StructuredOutput tool"));
  CHECK_FALSE(contains(cli, "submit_decision"));
  auto api = system_prompt(limits(), safety_thresholds{}, decision_tool_name);
  CHECK(contains(api, "by calling the submit_decision tool"));
  CHECK_FALSE(contains(api, "StructuredOutput"));
}
