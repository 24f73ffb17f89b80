#pragma once

// The decision contract: what the model (or the fallback evaluator) decides,
// how it was validated, and what it cost. DESIGN.md "The decision contract".

#include "messages/fwd.hpp"
#include "messages/gate.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// What to do with a symbol. Values are stable: they cross the network and
/// are stored.
enum class trade_action : uint8_t { hold = 0, buy, sell };

/// The schema's name of an action: "BUY", "SELL", "HOLD".
inline const char* to_string(trade_action x) {
  switch (x) {
    case trade_action::hold: return "HOLD";
    case trade_action::buy: return "BUY";
    case trade_action::sell: return "SELL";
  }
  return "?";
}

/// Parses "BUY", "SELL", "HOLD" (exact case); false otherwise.
inline bool parse_trade_action(std::string_view text, trade_action& out) {
  for (auto x : {trade_action::buy, trade_action::sell, trade_action::hold})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

/// Which way a signal points. The numeric value is the learner's sign.
enum class signal_direction : int8_t { bearish = -1, neutral = 0, bullish = 1 };

inline const char* to_string(signal_direction x) {
  switch (x) {
    case signal_direction::bearish: return "bearish";
    case signal_direction::neutral: return "neutral";
    case signal_direction::bullish: return "bullish";
  }
  return "?";
}

/// Parses "bullish", "bearish", "neutral"; false otherwise.
inline bool parse_signal_direction(std::string_view text, signal_direction& out) {
  for (auto x : {signal_direction::bullish, signal_direction::bearish, signal_direction::neutral})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

/// One named signal behind a decision: the learner's per-signal input.
struct trade_signal {
  std::string name;
  signal_direction direction = signal_direction::neutral;
  double confidence = 0; // 0..1
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trade_signal& x) {
  return f(caf::meta::type_name("trade_signal"), x.name, x.direction, x.confidence);
}

/// The decision for one symbol. `position_pct` is the target share of
/// equity (0..1) for the symbol: BUY raises the position to it (never
/// above), SELL closes (or, below the current share, reduces to it), HOLD
/// leaves it (actors/risk/risk.hpp); risk limits apply after it.
struct symbol_decision {
  std::string symbol;
  trade_action action = trade_action::hold;
  double position_pct = 0;
  std::vector<trade_signal> signals;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, symbol_decision& x) {
  return f(caf::meta::type_name("symbol_decision"), x.symbol, x.action, x.position_pct, x.signals);
}

/// Who decided.
enum class decision_source : uint8_t { model = 0, evaluator };

inline const char* to_string(decision_source x) {
  switch (x) {
    case decision_source::model: return "model";
    case decision_source::evaluator: return "evaluator";
  }
  return "?";
}

/// Tokens a model call consumed, as the Anthropic API counts them:
/// `input_tokens` excludes the cached prefix written or read.
struct token_usage {
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  uint64_t cache_creation_input_tokens = 0;
  uint64_t cache_read_input_tokens = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_usage& x) {
  return f(caf::meta::type_name("token_usage"), x.input_tokens, x.output_tokens,
           x.cache_creation_input_tokens, x.cache_read_input_tokens);
}

/// One finding of the validation: where (a JSON path such as
/// "decisions[1].position_pct") and why.
struct validation_issue {
  std::string path;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, validation_issue& x) {
  return f(caf::meta::type_name("validation_issue"), x.path, x.reason);
}

/// What the validation did to the model's answer. `rejected` lists every
/// part that was refused (a refused symbol holds, a refused top level makes
/// every symbol hold); `adjusted` lists accepted values that were changed,
/// such as a clamped next_check_seconds.
struct validation_report {
  bool whole_rejected = false;
  std::vector<validation_issue> rejected;
  std::vector<validation_issue> adjusted;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, validation_report& x) {
  return f(caf::meta::type_name("validation_report"), x.whole_rejected, x.rejected, x.adjusted);
}

/// A validated decision for every symbol asked about. Symbols without an
/// entry hold. `memory_update` replaces the agent's memory when non-empty.
struct decision {
  timestamp ts;                         // event time the decision was made
  decision_source source = decision_source::model;
  std::vector<symbol_decision> decisions;
  int64_t next_check_seconds = 0;       // clamped to the gate's [min, max]
  std::vector<wake_condition> wake_conditions;
  std::string memory_update;            // <= 500 characters
  std::string reasoning;                // data for the journal, never instructions
  std::string model;                    // model id; empty for the evaluator
  std::string prompt_hash;              // SHA-256 hex of the request (prompt_hash.hpp)
  token_usage usage;
  double cost_usd = 0;
  /// False for a subscription (OAuth) call whose cost is notional: journaled,
  /// but not spent from the daily budget, also when a restart restores it.
  bool cost_in_budget = true;
  validation_report validation;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, decision& x) {
  return f(caf::meta::type_name("decision"), x.ts, x.source, x.decisions, x.next_check_seconds,
           x.wake_conditions, x.memory_update, x.reasoning, x.model, x.prompt_hash, x.usage,
           x.cost_usd, x.cost_in_budget, x.validation);
}

/// One decision as the journal keeps it: why it was asked for, what the
/// model said (or why it failed) and what was decided in the end, by whom.
struct decision_record {
  gate_pass trigger;
  std::string backend;        // the model backend asked; "" if none was
  std::string model_outcome;  // "ok", "failed: why", "budget_exhausted", "breaker open", ...
  std::string raw_response;   // as received, for audits
  timespan latency{};
  uint32_t attempts = 0;
  decision chosen;            // chosen.source says model or evaluator
  /// The history the decision lacked ("BTCUSDT 1d: 3 of 24 bars"); "" when
  /// every candle query was answered in full.
  std::string history_gaps;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, decision_record& x) {
  return f(caf::meta::type_name("decision_record"), x.trigger, x.backend, x.model_outcome,
           x.raw_response, x.latency, x.attempts, x.chosen, x.history_gaps);
}

} // namespace tn
