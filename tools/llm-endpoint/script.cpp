#include "tools/llm-endpoint/script.hpp"

#include "runtime/json/json_read.hpp"
#include "runtime/json/json_writer.hpp"

#include <fmt/format.h>

#include <limits>

namespace tn::llm {

namespace dom = simdjson::dom;

std::string default_decision_json() {
  json_writer w;
  w.begin_object();
  w.key("decisions").begin_array().end_array();
  w.key("next_check_seconds").value(int64_t{3600});
  w.key("wake_conditions").begin_array().end_array();
  w.key("memory_update").value("");
  w.key("reasoning").value("llm-endpoint: no scripted step, holding.");
  w.end_object();
  return w.take();
}

llm_step default_step() {
  llm_step s;
  s.decision_json = default_decision_json();
  return s;
}

int status_for_error_type(std::string_view type) {
  struct entry {
    std::string_view type;
    int status;
  };
  static constexpr entry table[] = {
    {"invalid_request_error", 400}, {"authentication_error", 401}, {"permission_error", 403},
    {"not_found_error", 404},       {"request_too_large", 413},    {"rate_limit_error", 429},
    {"api_error", 500},             {"overloaded_error", 529},
  };
  for (auto& e : table)
    if (e.type == type)
      return e.status;
  return 500;
}

namespace {

// Reads one step object member by member; every reader reports its own error.
class step_reader {
public:
  step_reader(llm_step& out, std::string& error) : out_(out), error_(error) {
  }

  bool read(dom::element root) {
    dom::object obj;
    if (root.get(obj) != simdjson::SUCCESS)
      return fail("a step must be a JSON object");
    bool status_given = false;
    int bodies = 0;
    for (auto [key, value] : obj) {
      bool ok = true;
      if (key == "status") {
        ok = integer(value, "status", 100, 599, out_.status);
        status_given = true;
      } else if (key == "headers") {
        ok = headers(value);
      } else if (key == "delay_ms") {
        ok = integer(value, "delay_ms", 0, 600'000, out_.delay_ms);
      } else if (key == "decision") {
        ok = decision(value);
        ++bodies;
      } else if (key == "raw") {
        ok = text(value, "raw", out_.raw);
        out_.body = step_body::raw;
        ++bodies;
      } else if (key == "error") {
        ok = provider_error(value);
        ++bodies;
      } else if (key == "usage") {
        ok = usage(value);
      } else if (key == "stop_reason") {
        ok = text(value, "stop_reason", out_.stop_reason);
      } else if (key == "truncate_at") {
        int64_t n = 0;
        ok = integer(value, "truncate_at", 0, std::numeric_limits<int32_t>::max(), n);
        out_.truncate_at = static_cast<size_t>(n);
      } else if (key == "repeat") {
        ok = integer(value, "repeat", 1, 1'000'000, out_.repeat);
      } else {
        ok = fail(fmt::format("unknown member \"{}\"", json_read::for_log(key, 40)));
      }
      if (!ok)
        return false;
    }
    if (bodies > 1)
      return fail("a step has at most one of decision, raw and error");
    if (bodies == 0)
      out_.decision_json = default_decision_json();
    if (out_.body == step_body::error && !status_given)
      out_.status = status_for_error_type(out_.error_type);
    return true;
  }

private:
  bool fail(std::string why) {
    error_ = std::move(why);
    return false;
  }

  template <class Int>
  bool integer(dom::element v, const char* name, int64_t lo, int64_t hi, Int& out) {
    int64_t x = 0;
    if (v.get(x) != simdjson::SUCCESS || x < lo || x > hi)
      return fail(fmt::format("{}: expected an integer in [{}, {}]", name, lo, hi));
    out = static_cast<Int>(x);
    return true;
  }

  bool text(dom::element v, const char* name, std::string& out) {
    std::string_view s;
    if (v.get(s) != simdjson::SUCCESS)
      return fail(fmt::format("{}: expected a string", name));
    out.assign(s);
    return true;
  }

  bool headers(dom::element v) {
    dom::object obj;
    if (v.get(obj) != simdjson::SUCCESS)
      return fail("headers: expected an object of name: value");
    for (auto [name, value] : obj) {
      std::string_view s;
      int64_t n = 0;
      if (value.get(s) == simdjson::SUCCESS)
        out_.headers.emplace_back(std::string{name}, std::string{s});
      else if (value.get(n) == simdjson::SUCCESS)
        out_.headers.emplace_back(std::string{name}, std::to_string(n));
      else
        return fail(fmt::format("headers.{}: expected a string or an integer",
                                json_read::for_log(name, 40)));
    }
    return true;
  }

  bool decision(dom::element v) {
    dom::object obj;
    if (v.get(obj) != simdjson::SUCCESS)
      return fail("decision: expected a JSON object (the tool input)");
    out_.body = step_body::decision;
    out_.decision_json = simdjson::minify(obj);
    return true;
  }

  bool provider_error(dom::element v) {
    dom::object obj;
    if (v.get(obj) != simdjson::SUCCESS)
      return fail("error: expected {\"type\": .., \"message\": ..}");
    out_.body = step_body::error;
    out_.error_type = json_read::string_or(obj, "type", "api_error");
    out_.error_message = json_read::string_or(obj, "message", "scripted error");
    for (auto [key, value] : obj)
      if (key != "type" && key != "message")
        return fail(fmt::format("error: unknown member \"{}\"", json_read::for_log(key, 40)));
    return true;
  }

  bool usage(dom::element v) {
    dom::object obj;
    if (v.get(obj) != simdjson::SUCCESS)
      return fail("usage: expected an object of token counts");
    auto& u = out_.usage;
    for (auto [key, value] : obj) {
      uint64_t* field = key == "input_tokens"                  ? &u.input_tokens
                        : key == "output_tokens"               ? &u.output_tokens
                        : key == "cache_creation_input_tokens" ? &u.cache_creation_input_tokens
                        : key == "cache_read_input_tokens"     ? &u.cache_read_input_tokens
                                                               : nullptr;
      if (!field)
        return fail(fmt::format("usage: unknown member \"{}\"", json_read::for_log(key, 40)));
      if (value.get(*field) != simdjson::SUCCESS)
        return fail(fmt::format("usage.{}: expected a non-negative integer", key));
    }
    return true;
  }

  llm_step& out_;
  std::string& error_;
};

bool parse_into(dom::element root, llm_step& out, std::string& error) {
  out = llm_step{};
  return step_reader{out, error}.read(root);
}

} // namespace

bool parse_step(std::string_view json, llm_step& out, std::string& error) {
  dom::parser parser;
  dom::element root;
  if (auto err = json_read::parse(parser, json).get(root)) {
    error = fmt::format("not JSON ({})", simdjson::error_message(err));
    return false;
  }
  return parse_into(root, out, error);
}

bool parse_step_array(std::string_view json, std::vector<llm_step>& out, std::string& error) {
  dom::parser parser;
  dom::array steps;
  if (auto err = json_read::parse(parser, json).get(steps)) {
    error = fmt::format("expected a JSON array of steps ({})", simdjson::error_message(err));
    return false;
  }
  std::vector<llm_step> parsed;
  size_t i = 0;
  for (auto element : steps) {
    llm_step s;
    if (!parse_into(element, s, error)) {
      error = fmt::format("step {}: {}", i, error);
      return false;
    }
    parsed.push_back(std::move(s));
    ++i;
  }
  out.insert(out.end(), parsed.begin(), parsed.end());
  return true;
}

bool parse_step_lines(std::string_view text, std::vector<llm_step>& out, std::string& error) {
  std::vector<llm_step> parsed;
  size_t line_no = 0;
  while (!text.empty()) {
    auto eol = text.find('\n');
    auto line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#')
      continue;
    llm_step s;
    if (!parse_step(line, s, error)) {
      error = fmt::format("line {}: {}", line_no, error);
      return false;
    }
    parsed.push_back(std::move(s));
  }
  out.insert(out.end(), parsed.begin(), parsed.end());
  return true;
}

} // namespace tn::llm
