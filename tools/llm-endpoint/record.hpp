#pragma once

// What the llm-endpoint remembers of each model request, for tests to
// assert on: path, headers (credentials redacted), body, arrival order and
// time. Control requests (/_script, /_requests, /_reset) are not recorded.

#include "runtime/net/http.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tn::llm {

/// The value a credential header is recorded with.
inline constexpr const char* redacted = "<redacted>";

struct recorded_request {
  uint64_t seq = 0; ///< arrival order, from 1
  std::chrono::steady_clock::time_point arrival;
  std::string method;
  std::string target;
  /// As received, except x-api-key and authorization values: redacted.
  net::header_list headers;
  std::string body;
  uint64_t connection = 0; ///< equal ids: the same keep-alive connection
  int status = 0;          ///< what the endpoint answered
  /// Case-insensitive; "" if absent.
  std::string header(std::string_view name) const;
};

/// `headers` with every credential value replaced by `redacted`.
net::header_list redact(net::header_list headers);

/// The records as a JSON array for GET /_requests: seq, method, target,
/// headers (object, lower-case names), body, connection, status and
/// arrival_ms (milliseconds after `epoch`).
std::string records_json(const std::vector<recorded_request>& records,
                         std::chrono::steady_clock::time_point epoch);

} // namespace tn::llm
