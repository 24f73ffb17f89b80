#include "actors/agent/decision_schema.hpp"

#include "runtime/json/json_writer.hpp"
#include "messages/decision.hpp"
#include "messages/gate.hpp"

#include <fmt/format.h>

#include <initializer_list>

namespace tn {

namespace {

class schema_builder {
public:
  schema_builder(const decision_limits& limits, schema_dialect dialect)
    : lim_(limits), full_(dialect == schema_dialect::full) {
  }

  std::string build() {
    w_.begin_object().key("type").value("object").key("properties").begin_object();
    w_.key("decisions");
    array_of("One entry per symbol you want to act on; symbols left out hold.", 0, [this] {
      decision_item();
    });
    w_.key("next_check_seconds");
    integer(fmt::format("Seconds until you want to be asked again; clamped to [{}, {}].",
                        lim_.min_next_check_seconds, lim_.max_next_check_seconds),
            lim_.min_next_check_seconds, lim_.max_next_check_seconds);
    w_.key("wake_conditions");
    array_of("Ask me again as soon as one of these holds (each fires once).",
             lim_.max_wake_conditions, [this] { wake_item(); });
    w_.key("memory_update");
    string_max(fmt::format("Notes for your next call, replacing the previous ones; \"\" keeps "
                           "them. At most {} characters.",
                           lim_.max_memory_chars),
               lim_.max_memory_chars);
    w_.key("reasoning");
    w_.begin_object().key("type").value("string");
    describe("Why, briefly.");
    w_.end_object();
    w_.end_object();
    required({"decisions", "next_check_seconds", "wake_conditions", "memory_update", "reasoning"});
    return w_.take();
  }

private:
  void decision_item() {
    object_begin();
    w_.key("symbol");
    symbol_enum();
    w_.key("action");
    string_enum({"BUY", "SELL", "HOLD"});
    w_.key("position_pct");
    fraction("Target share of equity for this symbol, 0 to 1. BUY raises the position to it "
             "(never above; nothing when already there), SELL closes (or, above 0 and below the "
             "current share, reduces to it), HOLD leaves the position.");
    w_.key("signals");
    array_of("The signals behind this decision.", lim_.max_signals, [this] { signal_item(); });
    object_end({"symbol", "action", "position_pct", "signals"});
  }

  void signal_item() {
    object_begin();
    w_.key("name");
    string_max(fmt::format("A short stable name such as trend or momentum; at most {} characters.",
                           lim_.max_signal_name_chars),
               lim_.max_signal_name_chars);
    w_.key("direction");
    string_enum({to_string(signal_direction::bullish), to_string(signal_direction::bearish),
                 to_string(signal_direction::neutral)});
    w_.key("confidence");
    fraction("Confidence from 0 to 1.");
    object_end({"name", "direction", "confidence"});
  }

  void wake_item() {
    object_begin();
    w_.key("symbol");
    symbol_enum();
    w_.key("metric");
    string_enum({to_string(wake_metric::price), to_string(wake_metric::zscore_price),
                 to_string(wake_metric::zscore_volume), to_string(wake_metric::funding),
                 to_string(wake_metric::pnl_pct)});
    w_.key("operator");
    string_enum({to_string(wake_op::gt), to_string(wake_op::ge), to_string(wake_op::lt),
                 to_string(wake_op::le)});
    w_.key("threshold").begin_object().key("type").value("number").end_object();
    object_end({"symbol", "metric", "operator", "threshold"});
  }

  // -- building blocks ----------------------------------------------------------

  void object_begin() {
    w_.begin_object().key("type").value("object").key("properties").begin_object();
  }

  void object_end(std::initializer_list<const char*> names) {
    w_.end_object();
    required(names);
  }

  // Closes the object opened by object_begin() or build().
  void required(std::initializer_list<const char*> names) {
    w_.key("required").begin_array();
    for (auto name : names)
      w_.value(name);
    w_.end_array().key("additionalProperties").value(false).end_object();
  }

  template <class Items>
  void array_of(const std::string& what, size_t max_items, Items items) {
    w_.begin_object().key("type").value("array");
    if (max_items > 0 && full_)
      w_.key("maxItems").value(static_cast<int64_t>(max_items));
    describe(max_items > 0 && !full_ ? fmt::format("{} At most {}.", what, max_items) : what);
    w_.key("items");
    items();
    w_.end_object();
  }

  void symbol_enum() {
    w_.begin_object().key("type").value("string").key("enum").begin_array();
    for (auto& s : lim_.symbols)
      w_.value(s);
    w_.end_array().end_object();
  }

  void string_enum(std::initializer_list<const char*> names) {
    w_.begin_object().key("type").value("string").key("enum").begin_array();
    for (auto name : names)
      w_.value(name);
    w_.end_array().end_object();
  }

  void fraction(const char* what) {
    w_.begin_object().key("type").value("number");
    if (full_)
      w_.key("minimum").value(0).key("maximum").value(1);
    describe(what);
    w_.end_object();
  }

  void integer(const std::string& what, int64_t lo, int64_t hi) {
    w_.begin_object().key("type").value("integer");
    if (full_)
      w_.key("minimum").value(lo).key("maximum").value(hi);
    describe(what);
    w_.end_object();
  }

  void string_max(const std::string& what, size_t max_chars) {
    w_.begin_object().key("type").value("string");
    if (full_)
      w_.key("maxLength").value(static_cast<int64_t>(max_chars));
    describe(what);
    w_.end_object();
  }

  void describe(std::string_view what) {
    w_.key("description").value(what);
  }

  const decision_limits& lim_;
  bool full_;
  json_writer w_;
};

} // namespace

std::string check(const decision_limits& limits) {
  if (limits.symbols.empty())
    return "no symbols: the schema's symbol enum would be empty";
  for (auto& s : limits.symbols)
    if (s.empty())
      return "an empty symbol name";
  if (limits.min_next_check_seconds <= 0)
    return "min_next_check_seconds must be positive";
  if (limits.min_next_check_seconds > limits.max_next_check_seconds)
    return "min_next_check_seconds exceeds max_next_check_seconds";
  if (limits.max_memory_chars == 0 || limits.max_signal_name_chars == 0)
    return "max_memory_chars and max_signal_name_chars must be positive";
  return {};
}

std::string decision_schema(const decision_limits& limits, schema_dialect dialect) {
  return schema_builder{limits, dialect}.build();
}

std::string decision_tool_description() {
  return "Submit your trading decision. Every field is required. Symbols you do not list "
         "hold their current position. Risk limits are applied after your decision.";
}

} // namespace tn
