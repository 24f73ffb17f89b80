#include "runtime/line_sink.hpp"

#include <cstdio>

namespace tn {

namespace {

line_sink file_sink(std::FILE* f) {
  // One fwrite per line: lines from several actors never interleave mid-line.
  return [f](const std::string& line) {
    auto text = line + "\n";
    std::fwrite(text.data(), 1, text.size(), f);
    std::fflush(f);
  };
}

} // namespace

line_sink stderr_sink() {
  return file_sink(stderr);
}

line_sink stdout_sink() {
  return file_sink(stdout);
}

} // namespace tn
