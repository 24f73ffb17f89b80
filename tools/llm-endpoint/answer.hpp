#pragma once

// The llm-endpoint's answers as the real APIs send them: an Anthropic
// message with a tool_use block (as server-sent events when the request
// asked for a stream, as Claude Code does), an OpenAI chat completion with the
// decision in message.content or tool_calls, and each provider's error
// envelope. Pure: ids and the creation time come in as arguments.

#include "tools/llm-endpoint/request.hpp"
#include "tools/llm-endpoint/script.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tn::llm {

struct llm_answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// The answer `step` scripts for a request of `shape`. `seq` makes the
/// message/tool-call ids unique; `created` is the OpenAI creation time
/// (Unix seconds).
llm_answer render_answer(api which, const llm_step& step, const request_shape& shape,
                         uint64_t seq, int64_t created);

/// The provider's error envelope for a refused request.
llm_answer render_refusal(api which, const refusal& why, uint64_t seq);

} // namespace tn::llm
