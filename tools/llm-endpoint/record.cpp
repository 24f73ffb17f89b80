#include "tools/llm-endpoint/record.hpp"

#include "runtime/json/json_writer.hpp"

#include <algorithm>
#include <cctype>

namespace tn::llm {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_credential(const std::string& name) {
  auto n = lower(name);
  return n == "x-api-key" || n == "authorization" || n == "proxy-authorization";
}

} // namespace

std::string recorded_request::header(std::string_view name) const {
  return net::find_header(headers, name);
}

net::header_list redact(net::header_list headers) {
  for (auto& [name, value] : headers)
    if (is_credential(name))
      value = redacted;
  return headers;
}

std::string records_json(const std::vector<recorded_request>& records,
                         std::chrono::steady_clock::time_point epoch) {
  json_writer w;
  w.begin_array();
  for (const auto& r : records) {
    w.begin_object();
    w.key("seq").value(static_cast<int64_t>(r.seq));
    w.key("method").value(r.method).key("target").value(r.target);
    w.key("headers").begin_object();
    for (const auto& [name, value] : r.headers)
      w.key(lower(name)).value(value);
    w.end_object();
    w.key("body").value(r.body);
    w.key("connection").value(static_cast<int64_t>(r.connection));
    w.key("status").value(r.status);
    std::chrono::duration<double, std::milli> since = r.arrival - epoch;
    w.key("arrival_ms").value(since.count());
    w.end_object();
  }
  w.end_array();
  return w.take();
}

} // namespace tn::llm
