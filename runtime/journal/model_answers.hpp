#pragma once

// The model's earlier answers as a journal keeps them, for a backtest's
// model cache (agent.backtest: cache): every decision the model answered
// ("ok", or "rejected: ..." — a wrong answer is still its answer), keyed by
// the prompt hash it was asked under. Reads the file only: the journal's
// schema, marker and rows stay as they are. Pure: no actors.

#include <caf/expected.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>

namespace tn {

struct journaled_answer {
  std::string backend;      // "anthropic", "openai", "claude-cli"
  std::string model;        // as the answer named it
  std::string raw_response; // as received: what the backend's parser reads
};

/// Prompt hash (prompt_hash.hpp) to the first answer journaled under it.
using journaled_answers = std::unordered_map<std::string, journaled_answer>;

/// Adds the answers journaled in the file at `path` to `out`, oldest
/// first; a hash already in `out` keeps its answer, so the first journal
/// named and the oldest row win. Returns how many hashes were new, or
/// ec::storage_error naming the file (missing, not a journal, damaged).
caf::expected<size_t> read_model_answers(const std::string& path, journaled_answers& out);

} // namespace tn
