#include "runtime/journal/decision_json.hpp"

#include "actors/agent/json_read.hpp"
#include "actors/agent/json_writer.hpp"

#include <cmath>

namespace tn {

namespace dom = simdjson::dom;

namespace {

// -- writing ---------------------------------------------------------------------

void write(json_writer& w, const trade_signal& x) {
  w.begin_object();
  w.key("name").value(x.name);
  w.key("direction").value(to_string(x.direction));
  w.key("confidence").value(x.confidence);
  w.end_object();
}

void write(json_writer& w, const symbol_decision& x) {
  w.begin_object();
  w.key("symbol").value(x.symbol);
  w.key("action").value(to_string(x.action));
  w.key("position_pct").value(x.position_pct);
  w.key("signals").begin_array();
  for (auto& s : x.signals)
    write(w, s);
  w.end_array();
  w.end_object();
}

void write(json_writer& w, const wake_condition& x) {
  w.begin_object();
  w.key("symbol").value(x.symbol);
  w.key("metric").value(to_string(x.metric));
  w.key("op").value(to_string(x.op));
  w.key("threshold").value(x.threshold);
  w.end_object();
}

void write(json_writer& w, const validation_issue& x) {
  w.begin_object();
  w.key("path").value(x.path);
  w.key("reason").value(x.reason);
  w.end_object();
}

template <class T>
std::string write_array(const std::vector<T>& xs) {
  json_writer w;
  w.begin_array();
  for (auto& x : xs)
    write(w, x);
  w.end_array();
  return w.take();
}

// -- reading ---------------------------------------------------------------------

/// Reads one object member by member; the first failure is kept in `error`
/// with the member's path, and every later read is skipped.
class member_reader {
public:
  member_reader(const dom::object& obj, std::string path, std::string& error)
    : obj_(obj), path_(std::move(path)), error_(error) {
  }

  bool ok() const {
    return ok_;
  }

  member_reader& text(const char* key, std::string& out) {
    std::string_view x;
    if (ok_ && (ok_ = obj_[key].get(x) == simdjson::SUCCESS))
      out = x;
    return check(key, "missing or not a string");
  }

  member_reader& number(const char* key, double& out) {
    if (ok_)
      ok_ = obj_[key].get(out) == simdjson::SUCCESS && std::isfinite(out);
    return check(key, "missing or not a number");
  }

  template <class Enum>
  member_reader& name(const char* key, bool (*parse)(std::string_view, Enum&), Enum& out) {
    std::string text;
    if (!this->text(key, text).ok_)
      return *this;
    ok_ = parse(text, out);
    return check(key, "'" + text + "' is not one of the names written");
  }

  /// The array member `key`, each element read by `read_one`.
  template <class T, class F>
  member_reader& array(const char* key, std::vector<T>& out, F read_one);

private:
  member_reader& check(const char* key, const std::string& why) {
    if (!ok_ && error_.empty())
      error_ = path_ + "." + key + ": " + why;
    return *this;
  }

  const dom::object& obj_;
  std::string path_;
  std::string& error_;
  bool ok_ = true;
};

/// Reads every element of `arr`, each an object, into `out`.
template <class T, class F>
bool read_objects(const dom::array& arr, const std::string& path, std::vector<T>& out,
                  std::string& error, F read_one) {
  out.clear();
  size_t index = 0;
  for (dom::element x : arr) {
    auto at = path + "[" + std::to_string(index++) + "]";
    dom::object obj;
    if (x.get(obj) != simdjson::SUCCESS) {
      error = at + ": not an object";
      return false;
    }
    T item;
    member_reader r{obj, at, error};
    if (!read_one(r, item).ok())
      return false;
    out.push_back(std::move(item));
  }
  return true;
}

template <class T, class F>
member_reader& member_reader::array(const char* key, std::vector<T>& out, F read_one) {
  dom::array arr;
  if (ok_ && (ok_ = obj_[key].get(arr) == simdjson::SUCCESS))
    ok_ = read_objects(arr, path_ + "." + key, out, error_, read_one);
  return check(key, "missing or not an array");
}

member_reader& read_one(member_reader& r, trade_signal& x) {
  return r.text("name", x.name)
    .name("direction", parse_signal_direction, x.direction)
    .number("confidence", x.confidence);
}

member_reader& read_one(member_reader& r, symbol_decision& x) {
  return r.text("symbol", x.symbol)
    .name("action", parse_trade_action, x.action)
    .number("position_pct", x.position_pct)
    .array("signals", x.signals,
           [](member_reader& s, trade_signal& y) -> member_reader& { return read_one(s, y); });
}

member_reader& read_one(member_reader& r, wake_condition& x) {
  return r.text("symbol", x.symbol)
    .name("metric", parse_wake_metric, x.metric)
    .name("op", parse_wake_op, x.op)
    .number("threshold", x.threshold);
}

member_reader& read_one(member_reader& r, validation_issue& x) {
  return r.text("path", x.path).text("reason", x.reason);
}

template <class T>
bool read_array(std::string_view json, std::vector<T>& out, std::string& error) {
  error.clear();
  dom::parser parser;
  dom::element root;
  if (auto err = json_read::parse(parser, json).get(root)) {
    error = std::string{"not JSON: "} + simdjson::error_message(err);
    return false;
  }
  dom::array arr;
  if (root.get(arr) != simdjson::SUCCESS) {
    error = "not an array";
    return false;
  }
  return read_objects(arr, "", out, error,
                      [](member_reader& r, T& x) -> member_reader& { return read_one(r, x); });
}

} // namespace

std::string to_json(const std::vector<symbol_decision>& xs) {
  return write_array(xs);
}

std::string to_json(const std::vector<wake_condition>& xs) {
  return write_array(xs);
}

std::string to_json(const std::vector<validation_issue>& xs) {
  return write_array(xs);
}

bool from_json(std::string_view json, std::vector<symbol_decision>& out, std::string& error) {
  return read_array(json, out, error);
}

bool from_json(std::string_view json, std::vector<wake_condition>& out, std::string& error) {
  return read_array(json, out, error);
}

bool from_json(std::string_view json, std::vector<validation_issue>& out, std::string& error) {
  return read_array(json, out, error);
}

} // namespace tn
