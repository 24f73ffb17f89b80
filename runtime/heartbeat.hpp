#pragma once

// The heartbeat file a container health check reads: when it was written,
// by which process, in which mode. Pure logic plus one small file write.

#include "messages/fwd.hpp"

#include <cstdint>
#include <string>

namespace tn {

/// What the heartbeat file says.
struct heartbeat_info {
  timestamp time;
  int64_t pid = 0;
  std::string mode;
  std::string name;
};

/// One line of JSON: {"time":"<ISO 8601>","unix_ms":...,"pid":...,"mode":"...","name":"..."}.
std::string heartbeat_json(const heartbeat_info& x);

/// `file` inside `data_dir`, unless `file` is absolute.
std::string heartbeat_path(const std::string& data_dir, const std::string& file);

/// Replaces `path` with `content` so a reader sees the old or the new file,
/// never a partial one: writes `path`.tmp, then renames it. No fsync: a
/// heartbeat lost in a power cut is rewritten at the next beat. Returns
/// false and explains in `error` on failure.
bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error);

} // namespace tn
