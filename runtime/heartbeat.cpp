#include "runtime/heartbeat.hpp"

#include "runtime/time_format.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tn {

namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

} // namespace

std::string heartbeat_json(const heartbeat_info& x) {
  std::string out = "{\"time\":";
  append_json_string(out, format_timestamp(x.time));
  out += ",\"unix_ms\":" + std::to_string(to_unix_ms(x.time));
  out += ",\"pid\":" + std::to_string(x.pid);
  out += ",\"mode\":";
  append_json_string(out, x.mode);
  out += ",\"name\":";
  append_json_string(out, x.name);
  out += "}\n";
  return out;
}

std::string heartbeat_path(const std::string& data_dir, const std::string& file) {
  if (!file.empty() && file.front() == '/')
    return file;
  if (data_dir.empty())
    return file;
  return data_dir.back() == '/' ? data_dir + file : data_dir + "/" + file;
}

bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error) {
  auto tmp = path + ".tmp";
  auto fail = [&](const char* what, const std::string& name) {
    error = std::string{what} + " " + name + ": " + std::strerror(errno);
    return false;
  };
  auto* f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    return fail("cannot open", tmp);
  auto written = std::fwrite(content.data(), 1, content.size(), f);
  auto write_failed = written != content.size() || std::fflush(f) != 0;
  if (std::fclose(f) != 0 || write_failed) {
    auto saved = errno;
    std::remove(tmp.c_str());
    errno = saved;
    return fail("cannot write", tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    auto saved = errno;
    std::remove(tmp.c_str());
    errno = saved;
    return fail("cannot rename to", path);
  }
  return true;
}

} // namespace tn
