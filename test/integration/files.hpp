#pragma once

// Small file helpers for tests that watch other processes' output.

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace tn::test {

/// The whole file, or "" if it cannot be read.
inline std::string slurp(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write(const std::string& path, const std::string& text) {
  std::ofstream out{path};
  out << text;
}

/// How many lines of the file at `path` contain `needle`.
inline size_t count_lines(const std::string& path, const std::string& needle) {
  std::ifstream in{path};
  size_t n = 0;
  for (std::string line; std::getline(in, line);)
    n += line.find(needle) != std::string::npos;
  return n;
}

/// Waits (bounded) until the file at `path` contains `text`.
inline bool wait_for_text(const std::string& path, const std::string& text,
                          std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (slurp(path).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

} // namespace tn::test
