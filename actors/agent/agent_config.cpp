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

} // namespace tn
