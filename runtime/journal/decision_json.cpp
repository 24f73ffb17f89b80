#include "runtime/journal/decision_json.hpp"

#include "runtime/json/json_read.hpp"
#include "runtime/json/json_writer.hpp"

#include <cmath>

namespace tn {

namespace dom = simdjson::dom;

namespace {

// Each list element's members are listed once, in `members` below, and
// walked by a member_writer to write them or by a member_reader to read
// them back, so the two cannot disagree on a key.

// -- writing ---------------------------------------------------------------------

/// Writes the members of one object; `of<T>` is what it walks: const.
class member_writer {
public:
  template <class T>
  using of = const T;

  explicit member_writer(json_writer& w) : w_(w) {
  }

  member_writer& text(const char* key, const std::string& x) {
    w_.key(key).value(x);
    return *this;
  }

  member_writer& number(const char* key, double x) {
    w_.key(key).value(x);
    return *this;
  }

  /// Writes the name `parse` reads back.
  template <class Enum>
  member_writer& name(const char* key, bool (*)(std::string_view, Enum&), Enum x) {
    w_.key(key).value(to_string(x));
    return *this;
  }

  template <class T>
  member_writer& array(const char* key, const std::vector<T>& xs);

private:
  json_writer& w_;
};

/// Writes `xs` as an array of objects.
template <class T>
void write_objects(json_writer& w, const std::vector<T>& xs) {
  w.begin_array();
  for (auto& x : xs) {
    w.begin_object();
    member_writer m{w};
    members(m, x);
    w.end_object();
  }
  w.end_array();
}

template <class T>
member_writer& member_writer::array(const char* key, const std::vector<T>& xs) {
  w_.key(key);
  write_objects(w_, xs);
  return *this;
}

template <class T>
std::string write_array(const std::vector<T>& xs) {
  json_writer w;
  write_objects(w, xs);
  return w.take();
}

// -- reading ---------------------------------------------------------------------

/// Reads one object member by member; the first failure is kept in `error`
/// with the member's path, and every later read is skipped. `of<T>` is what
/// it walks: mutable.
class member_reader {
public:
  template <class T>
  using of = T;

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

  /// The array member `key`, each element an object.
  template <class T>
  member_reader& array(const char* key, std::vector<T>& out);

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
template <class T>
bool read_objects(const dom::array& arr, const std::string& path, std::vector<T>& out,
                  std::string& error) {
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
    if (!members(r, item).ok())
      return false;
    out.push_back(std::move(item));
  }
  return true;
}

template <class T>
member_reader& member_reader::array(const char* key, std::vector<T>& out) {
  dom::array arr;
  if (ok_ && (ok_ = obj_[key].get(arr) == simdjson::SUCCESS))
    ok_ = read_objects(arr, path_ + "." + key, out, error_);
  return check(key, "missing or not an array");
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
  return read_objects(arr, "", out, error);
}

// -- the members -----------------------------------------------------------------

template <class M>
M& members(M& m, typename M::template of<trade_signal>& x) {
  return m.text("name", x.name)
    .name("direction", parse_signal_direction, x.direction)
    .number("confidence", x.confidence);
}

template <class M>
M& members(M& m, typename M::template of<symbol_decision>& x) {
  return m.text("symbol", x.symbol)
    .name("action", parse_trade_action, x.action)
    .number("position_pct", x.position_pct)
    .array("signals", x.signals);
}

template <class M>
M& members(M& m, typename M::template of<wake_condition>& x) {
  return m.text("symbol", x.symbol)
    .name("metric", parse_wake_metric, x.metric)
    .name("op", parse_wake_op, x.op)
    .number("threshold", x.threshold);
}

template <class M>
M& members(M& m, typename M::template of<validation_issue>& x) {
  return m.text("path", x.path).text("reason", x.reason);
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
