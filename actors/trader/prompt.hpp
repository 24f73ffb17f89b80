#pragma once

// The two prompts of a model decision. The system prompt is static: it
// states the role, the decision contract, the safety layer and how to read
// the snapshot, and is byte-identical between calls so the provider's prompt
// cache reuses it. The user prompt is the market snapshot rendered compactly,
// because every byte of it is paid for on every call. Everything that comes
// from outside the node's own formatting (symbols, the gate's detail, labels,
// signal names, the model's memory) is sanitised before it is embedded, so
// it can neither break the layout nor leave the memory fence.
// Pure: no clock, no I/O; the same snapshot always gives the same bytes.

#include "actors/agent/decision_schema.hpp"
#include "messages/snapshot.hpp"

#include <string>
#include <string_view>

namespace tn {

/// The static system prompt for `limits` (the symbols, the bounds of the
/// answer) and the position tracker's `safety` thresholds, telling the
/// model to answer through `tool`, the one its backend offers
/// (model_backend::tool_name). Contains no time and no market data.
std::string system_prompt(const decision_limits& limits, const safety_thresholds& safety,
                          std::string_view tool);

/// The per-call user prompt: event time, trigger, the history the store
/// could not give in full (if any), per symbol the last price,
/// a 24h summary and the candle tables, then positions ("none" if flat),
/// derivatives, regime and learner weights when present, the safety
/// thresholds, and the model's memory inside a fence.
std::string render_snapshot(const market_snapshot& snap);

/// Outside text made safe to embed in a prompt: invalid UTF-8 becomes
/// U+FFFD; control characters (C0, DEL, C1), line and paragraph separators
/// and bidirectional overrides are removed, except that with `multiline`
/// line breaks are kept as '\n'; backticks, the fence marker, become
/// apostrophes so no content can open or close a fence.
std::string prompt_text(std::string_view text, bool multiline = false);

} // namespace tn
