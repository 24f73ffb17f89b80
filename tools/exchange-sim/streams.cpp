#include "tools/exchange-sim/streams.hpp"

#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/render.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace tn::sim {

namespace {

/// Stream names carry the symbol in lowercase; the rest is case-sensitive
/// ("btcusdt@bookTicker"), all of an all-market name ("!miniTicker@arr").
std::string normalise(std::string_view name) {
  std::string out{name};
  for (size_t i = 0; i < out.size() && out[i] != '@' && out[0] != '!'; ++i)
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  return out;
}

std::vector<std::string_view> split_streams(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    auto slash = list.find('/');
    if (slash != 0)
      out.push_back(list.substr(0, slash));
    list = slash == std::string_view::npos ? std::string_view{} : list.substr(slash + 1);
  }
  return out;
}

std::string upper(std::string_view text) {
  std::string out;
  for (char ch : text)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

/// Whether `route` carries a stream: /public only the book, /market all but it.
bool carries(stream_route route, bool book) {
  return route == stream_route::plain || (route == stream_route::futures_public) == book;
}

std::string reply(std::string_view result, std::string_view id) {
  return R"({"result":)" + std::string{result} + R"(,"id":)" + std::string{id} + "}";
}

std::string failure(int code, std::string_view msg, std::string_view id = {}) {
  std::string out = R"({"code":)";
  append_int(out, code);
  out += R"(,"msg":)";
  append_json_string(out, msg);
  if (!id.empty()) {
    out += R"(,"id":)";
    out += id;
  }
  out += '}';
  return out;
}

/// The request id as it is echoed: an integer, a string of at most 36
/// letters and digits, or null; empty if it is none of these.
std::string id_text(simdjson::dom::object frame) {
  simdjson::dom::element id;
  if (frame["id"].get(id))
    return "null";
  if (id.is_null() || id.is_int64() || id.is_uint64())
    return simdjson::minify(id);
  std::string_view text;
  if (!id.get_string().get(text) && text.size() <= 36
      && std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
    return simdjson::minify(id);
  return {};
}

} // namespace

std::optional<kline_subscription> parse_kline_stream(std::string_view name) {
  constexpr std::string_view tag = "@kline_";
  auto at = name.find(tag);
  if (at == 0 || at == std::string_view::npos)
    return std::nullopt;
  auto span = find_interval(name.substr(at + tag.size()));
  if (!span)
    return std::nullopt;
  return kline_subscription{std::string{name}, upper(name.substr(0, at)), *span};
}

std::optional<feed_subscription> parse_feed_stream(std::string_view name) {
  struct form {
    std::string_view symbol_suffix, all_market;
    feed_kind kind;
  };
  static constexpr form forms[] = {
    {"@ticker", "!ticker@arr", feed_kind::ticker},
    {"@miniTicker", "!miniTicker@arr", feed_kind::mini_ticker},
    {"@bookTicker", "!bookTicker", feed_kind::book_ticker},
    {"@markPrice", "!markPrice@arr", feed_kind::mark_price},
    {"@markPrice@1s", "!markPrice@arr@1s", feed_kind::mark_price},
  };
  for (const auto& f : forms) {
    if (name == f.all_market)
      return feed_subscription{std::string{name}, {}, f.kind};
    auto at = name.find('@');
    if (at != 0 && at != std::string_view::npos && name.substr(at) == f.symbol_suffix
        && name[0] != '!')
      return feed_subscription{std::string{name}, upper(name.substr(0, at)), f.kind};
  }
  return std::nullopt;
}

stream_session::stream_session(std::string_view target) {
  auto t = parse_target(target);
  std::string_view path = t.path;
  if (path.rfind("/market/", 0) == 0)
    route_ = stream_route::futures_market;
  else if (path.rfind("/public/", 0) == 0)
    route_ = stream_route::futures_public;
  if (auto ws = path.find("/ws"); ws != std::string_view::npos
      && (ws + 3 == path.size() || path[ws + 3] == '/')) {
    for (auto name : split_streams(path.substr(ws + 3)))
      subscribe(name);
  } else if (path.size() >= 7 && path.substr(path.size() - 7) == "/stream") {
    combined_ = true;
    if (const auto* list = t.get("streams"))
      for (auto name : split_streams(*list))
        subscribe(name);
  }
}

void stream_session::subscribe(std::string_view name) {
  auto stream = normalise(name);
  if (std::find(streams_.begin(), streams_.end(), stream) != streams_.end())
    return;
  if (auto sub = parse_kline_stream(stream); sub && carries(route_, false))
    klines_.push_back(std::move(*sub));
  if (auto sub = parse_feed_stream(stream);
      sub && carries(route_, sub->kind == feed_kind::book_ticker))
    feeds_.push_back(std::move(*sub));
  streams_.push_back(std::move(stream));
}

void stream_session::unsubscribe(std::string_view name) {
  auto stream = normalise(name);
  streams_.erase(std::remove(streams_.begin(), streams_.end(), stream), streams_.end());
  klines_.erase(std::remove_if(klines_.begin(), klines_.end(),
                               [&](const kline_subscription& k) { return k.stream == stream; }),
                klines_.end());
  feeds_.erase(std::remove_if(feeds_.begin(), feeds_.end(),
                              [&](const feed_subscription& f) { return f.stream == stream; }),
               feeds_.end());
}

std::string stream_session::on_frame(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text.data(), text.size()).get(doc))
    return failure(3, std::string{"Invalid JSON: "} + simdjson::error_message(err));
  simdjson::dom::object frame;
  if (doc.get_object().get(frame))
    return failure(2, "Invalid request: expected an object");
  auto id = id_text(frame);
  if (id.empty())
    return failure(2, "Invalid request: request ID must be an unsigned integer, a string of "
                      "at most 36 letters and digits, or null");
  std::string_view method;
  if (frame["method"].get_string().get(method))
    return failure(2, "Invalid request: missing field `method`", id);
  simdjson::dom::array params;
  bool has_params = !frame["params"].get_array().get(params);
  if (method == "SUBSCRIBE" || method == "UNSUBSCRIBE") {
    std::vector<std::string_view> names;
    if (has_params)
      for (auto p : params) {
        std::string_view name;
        if (p.get_string().get(name) || name.empty())
          return failure(2, "Invalid request: stream names must be non-empty strings", id);
        names.push_back(name);
      }
    if (!has_params || names.empty())
      return failure(2, "Invalid request: missing stream names in `params`", id);
    for (auto name : names)
      method == "SUBSCRIBE" ? subscribe(name) : unsubscribe(name);
    return reply("null", id);
  }
  if (method == "LIST_SUBSCRIPTIONS") {
    std::string list = "[";
    for (size_t i = 0; i < streams_.size(); ++i) {
      list += i ? "," : "";
      append_json_string(list, streams_[i]);
    }
    return reply(list + "]", id);
  }
  if (method == "SET_PROPERTY" || method == "GET_PROPERTY") {
    std::string_view property;
    if (!has_params || params.size() == 0 || params.at(0).get_string().get(property))
      return failure(2, "Invalid request: property name must be a string", id);
    if (property != "combined")
      return failure(0, "Unknown property", id);
    if (method == "GET_PROPERTY")
      return reply(combined_ ? "true" : "false", id);
    bool value = false;
    if (params.size() < 2 || params.at(1).get_bool().get(value))
      return failure(1, "Invalid value type: expected Boolean", id);
    combined_ = value;
    return reply("null", id);
  }
  return failure(2,
                 "Invalid request: unknown variant `" + std::string{method}
                   + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, "
                     "`SET_PROPERTY`, `GET_PROPERTY`",
                 id);
}

std::string stream_session::frame(std::string_view stream, std::string_view event) const {
  return combined_ ? wrap_combined(stream, event) : std::string{event};
}

} // namespace tn::sim
