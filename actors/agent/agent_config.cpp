#include "actors/agent/agent_config.hpp"

namespace tn {

const char* to_string(agent_backend x) {
  switch (x) {
    case agent_backend::none: return "none";
    case agent_backend::anthropic: return "anthropic";
    case agent_backend::openai: return "openai";
    case agent_backend::claude_cli: return "claude-cli";
  }
  return "unknown";
}

const char* to_string(agent_backtest_mode x) {
  switch (x) {
    case agent_backtest_mode::cache: return "cache";
    case agent_backtest_mode::live: return "live";
    case agent_backtest_mode::off: return "off";
  }
  return "unknown";
}

bool model_decides(const agent_config& a, bool backtest) {
  return a.backend != agent_backend::none
         && !(backtest && a.backtest == agent_backtest_mode::off);
}

} // namespace tn
