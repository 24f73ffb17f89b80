#include "actors/agent/decision_validate.hpp"

#include "runtime/json/json_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>

namespace tn {

size_t utf8_length(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

namespace {

namespace dom = simdjson::dom;
using issues = std::vector<validation_issue>;

// Model-supplied text in a reason: quoted, shortened, control chars escaped.
std::string quoted(std::string_view text) {
  return "\"" + json_read::for_log(text, 40) + "\"";
}

std::string wrong_type(const char* expected, const dom::element& got) {
  return fmt::format("expected {}, got {}", expected, json_read::type_name(got));
}

// The members of an object, checked against the exact set of names the
// schema allows: each once, none missing, nothing else.
template <size_t N>
struct members {
  std::array<dom::element, N> value;
  std::array<bool, N> present{};

  bool read(const dom::object& obj, const std::array<std::string_view, N>& names,
            const std::string& path, issues& out) {
    auto before = out.size();
    for (auto [key, value] : obj) {
      auto i = std::find(names.begin(), names.end(), key) - names.begin();
      auto where = path + "." + json_read::for_log(key, 40);
      if (i == static_cast<ptrdiff_t>(N))
        out.push_back({where, "unexpected field"});
      else if (present[i])
        out.push_back({where, "duplicate field"});
      else {
        present[i] = true;
        this->value[i] = value;
      }
    }
    for (size_t i = 0; i < N; ++i)
      if (!present[i])
        out.push_back({path + "." + std::string{names[i]}, "missing field"});
    return out.size() == before;
  }

  /// As above for an element that must be an object in the first place.
  bool read(const dom::element& x, const std::array<std::string_view, N>& names,
            const std::string& path, issues& out) {
    dom::object obj;
    if (x.get(obj) != simdjson::SUCCESS) {
      out.push_back({path, wrong_type("an object", x)});
      return false;
    }
    return read(obj, names, path, out);
  }
};

// Any JSON number; simdjson keeps integers apart from doubles.
bool number(const dom::element& x, double& out) {
  int64_t i = 0;
  uint64_t u = 0;
  if (x.get(i) == simdjson::SUCCESS)
    out = static_cast<double>(i);
  else if (x.get(u) == simdjson::SUCCESS)
    out = static_cast<double>(u);
  else if (x.get(out) != simdjson::SUCCESS)
    return false;
  return true;
}

// A string naming one of an enum's values, parsed by `parse`.
template <class E>
bool enum_value(const dom::element& x, const std::string& path, const char* what,
                bool (*parse)(std::string_view, E&), E& out, issues& errs) {
  std::string_view text;
  if (x.get(text) != simdjson::SUCCESS) {
    errs.push_back({path, wrong_type("a string", x)});
    return false;
  }
  if (!parse(text, out)) {
    errs.push_back({path, fmt::format("unknown {} {}", what, quoted(text))});
    return false;
  }
  return true;
}

class validator {
public:
  validator(const decision_limits& lim, decision& out) : lim_(lim), out_(out) {
  }

  void run(const dom::object& root) {
    auto& rep = out_.validation;
    static constexpr std::array<std::string_view, 5> names{
      "decisions", "next_check_seconds", "wake_conditions", "memory_update", "reasoning"};
    members<5> m;
    bool ok = m.read(root, names, "$", rep.rejected);
    dom::array decisions, wakes;
    std::string_view memory, reasoning;
    ok &= typed(m, names, 0, decisions, "an array");
    ok &= typed(m, names, 2, wakes, "an array");
    ok &= typed(m, names, 3, memory, "a string");
    ok &= typed(m, names, 4, reasoning, "a string");
    int64_t next_check = 0;
    if (m.present[1] && !integer(m.value[1], next_check)) {
      rep.rejected.push_back({"$.next_check_seconds", wrong_type("an integer", m.value[1])});
      ok = false;
    }
    if (m.present[4] && m.value[4].is_string())
      out_.reasoning.assign(reasoning);
    if (!ok) {
      rep.whole_rejected = true;
      return;
    }
    out_.next_check_seconds = clamp_next_check(next_check);
    if (auto n = utf8_length(memory); n > lim_.max_memory_chars)
      rep.rejected.push_back(
        {"$.memory_update",
         fmt::format("{} characters, more than {}: memory unchanged", n, lim_.max_memory_chars)});
    else
      out_.memory_update.assign(memory);
    read_decisions(decisions);
    read_wakes(wakes);
  }

private:
  // A present member of type T; a missing one was reported by members.
  template <size_t N, class T>
  bool typed(const members<N>& m, const std::array<std::string_view, N>& names, size_t i, T& out,
             const char* expected) {
    if (!m.present[i] || m.value[i].get(out) == simdjson::SUCCESS)
      return m.present[i];
    out_.validation.rejected.push_back(
      {"$." + std::string{names[i]}, wrong_type(expected, m.value[i])});
    return false;
  }

  // An integer, or a number with an integral value (300.0); huge values
  // saturate, clamping handles them.
  static bool integer(const dom::element& x, int64_t& out) {
    if (x.get_int64().get(out) == simdjson::SUCCESS)
      return true;
    if (x.is_uint64()) {
      out = INT64_MAX;
      return true;
    }
    double d = 0;
    if (!number(x, d) || !std::isfinite(d) || std::floor(d) != d)
      return false;
    out = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : static_cast<int64_t>(d);
    return true;
  }

  int64_t clamp_next_check(int64_t requested) {
    auto v = std::clamp(requested, lim_.min_next_check_seconds, lim_.max_next_check_seconds);
    if (v != requested)
      out_.validation.adjusted.push_back(
        {"$.next_check_seconds", fmt::format("clamped from {} to {}", requested, v)});
    return v;
  }

  bool whitelisted(std::string_view symbol) const {
    return std::find(lim_.symbols.begin(), lim_.symbols.end(), symbol) != lim_.symbols.end();
  }

  bool fraction(const dom::element& x, const std::string& path, double& out, issues& errs) {
    if (!number(x, out)) {
      errs.push_back({path, wrong_type("a number", x)});
      return false;
    }
    if (!(out >= 0 && out <= 1)) {
      errs.push_back({path, fmt::format("{} outside [0, 1]", out)});
      return false;
    }
    return true;
  }

  bool symbol(const dom::element& x, const std::string& path, std::string& out, issues& errs) {
    std::string_view s;
    if (x.get(s) != simdjson::SUCCESS) {
      errs.push_back({path, wrong_type("a string", x)});
      return false;
    }
    out.assign(s);
    if (!whitelisted(s)) {
      errs.push_back({path, "unknown symbol " + quoted(s) + " (not in the whitelist)"});
      return false;
    }
    return true;
  }

  // -- decisions ----------------------------------------------------------------

  void read_decisions(const dom::array& entries) {
    struct entry {
      std::string symbol; // "" when it names no whitelisted symbol
      std::optional<symbol_decision> accepted;
    };
    std::vector<entry> seen;
    size_t i = 0;
    for (auto x : entries) {
      auto path = fmt::format("$.decisions[{}]", i++);
      issues errs;
      symbol_decision d;
      bool ok = read_decision(x, path, d, errs);
      auto known = whitelisted(d.symbol) ? d.symbol : std::string{};
      auto& rejected = out_.validation.rejected;
      rejected.insert(rejected.end(), errs.begin(), errs.end());
      if (!ok && !known.empty())
        rejected.push_back({path, d.symbol + " holds"});
      seen.push_back({known, ok ? std::optional{std::move(d)} : std::nullopt});
    }
    std::map<std::string, int> count;
    for (auto& e : seen)
      if (!e.symbol.empty())
        ++count[e.symbol];
    for (size_t k = 0; k < seen.size(); ++k) {
      auto& e = seen[k];
      if (!e.symbol.empty() && count[e.symbol] > 1)
        out_.validation.rejected.push_back(
          {fmt::format("$.decisions[{}]", k),
           fmt::format("{} entries for {}: ambiguous, {} holds", count[e.symbol], e.symbol,
                       e.symbol)});
      else if (e.accepted)
        out_.decisions.push_back(std::move(*e.accepted));
    }
  }

  bool read_decision(const dom::element& x, const std::string& path, symbol_decision& d,
                     issues& errs) {
    static constexpr std::array<std::string_view, 4> names{"symbol", "action", "position_pct",
                                                           "signals"};
    members<4> m;
    bool ok = m.read(x, names, path, errs);
    if (m.present[0])
      ok &= symbol(m.value[0], path + ".symbol", d.symbol, errs);
    if (m.present[1])
      ok &= enum_value(m.value[1], path + ".action", "action", parse_trade_action, d.action, errs);
    if (m.present[2])
      ok &= fraction(m.value[2], path + ".position_pct", d.position_pct, errs);
    if (m.present[3])
      ok &= read_signals(m.value[3], path + ".signals", d.signals, errs);
    return ok;
  }

  bool read_signals(const dom::element& x, const std::string& path,
                    std::vector<trade_signal>& out, issues& errs) {
    dom::array arr;
    if (x.get(arr) != simdjson::SUCCESS) {
      errs.push_back({path, wrong_type("an array", x)});
      return false;
    }
    if (arr.size() > lim_.max_signals) {
      errs.push_back({path, fmt::format("{} signals, more than {}", arr.size(), lim_.max_signals)});
      return false;
    }
    bool ok = true;
    size_t i = 0;
    for (auto item : arr) {
      auto where = fmt::format("{}[{}]", path, i++);
      trade_signal s;
      if (read_signal(item, where, s, errs))
        out.push_back(std::move(s));
      else
        ok = false;
    }
    return ok;
  }

  bool read_signal(const dom::element& x, const std::string& path, trade_signal& s,
                   issues& errs) {
    static constexpr std::array<std::string_view, 3> names{"name", "direction", "confidence"};
    members<3> m;
    bool ok = m.read(x, names, path, errs);
    std::string_view text;
    if (m.present[0]) {
      if (m.value[0].get(text) != simdjson::SUCCESS) {
        errs.push_back({path + ".name", wrong_type("a string", m.value[0])});
        ok = false;
      } else if (text.empty() || utf8_length(text) > lim_.max_signal_name_chars) {
        errs.push_back({path + ".name", fmt::format("name must have 1 to {} characters",
                                                    lim_.max_signal_name_chars)});
        ok = false;
      } else {
        s.name.assign(text);
      }
    }
    if (m.present[1])
      ok &= enum_value(m.value[1], path + ".direction", "direction", parse_signal_direction,
                       s.direction, errs);
    if (m.present[2])
      ok &= fraction(m.value[2], path + ".confidence", s.confidence, errs);
    return ok;
  }

  // -- wake conditions ----------------------------------------------------------

  void read_wakes(const dom::array& items) {
    size_t i = 0;
    for (auto x : items) {
      auto path = fmt::format("$.wake_conditions[{}]", i++);
      auto& rejected = out_.validation.rejected;
      if (i > lim_.max_wake_conditions) {
        rejected.push_back(
          {path, fmt::format("more than {} wake conditions: dropped", lim_.max_wake_conditions)});
        continue;
      }
      wake_condition w;
      issues errs;
      if (read_wake(x, path, w, errs))
        out_.wake_conditions.push_back(std::move(w));
      else
        rejected.insert(rejected.end(), errs.begin(), errs.end());
    }
  }

  bool read_wake(const dom::element& x, const std::string& path, wake_condition& w,
                 issues& errs) {
    static constexpr std::array<std::string_view, 4> names{"symbol", "metric", "operator",
                                                           "threshold"};
    members<4> m;
    bool ok = m.read(x, names, path, errs);
    if (m.present[0])
      ok &= symbol(m.value[0], path + ".symbol", w.symbol, errs);
    if (m.present[1])
      ok &= enum_value(m.value[1], path + ".metric", "metric", parse_wake_metric, w.metric, errs);
    if (m.present[2])
      ok &= enum_value(m.value[2], path + ".operator", "operator", parse_wake_op, w.op, errs);
    if (m.present[3]) {
      if (!number(m.value[3], w.threshold)) {
        errs.push_back({path + ".threshold", wrong_type("a number", m.value[3])});
        ok = false;
      } else if (!std::isfinite(w.threshold)) {
        errs.push_back({path + ".threshold", "not a finite number"});
        ok = false;
      } else if (ok && w.metric == wake_metric::price && w.threshold <= 0) {
        errs.push_back({path + ".threshold", "a price threshold must be positive"});
        ok = false;
      }
    }
    return ok;
  }

  const decision_limits& lim_;
  decision& out_;
};

} // namespace

decision validate_decision(std::string_view input_json, const decision_limits& limits) {
  decision out;
  out.source = decision_source::model;
  dom::parser parser;
  dom::object root;
  if (auto err = json_read::parse(parser, input_json).get(root)) {
    out.validation.whole_rejected = true;
    out.validation.rejected.push_back(
      {"$", fmt::format("not a JSON object ({})", simdjson::error_message(err))});
    return out;
  }
  validator{limits, out}.run(root);
  return out;
}

} // namespace tn
