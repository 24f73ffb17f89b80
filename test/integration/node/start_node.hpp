#pragma once

// The real tradenode binary (TN_TRADENODE) as a child process, started on a
// config file and waited for until its supervisor started every service.

#include "test/integration/files.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// The node on `cfg` with its output in `dir`'s stdout<tag> and
/// stderr<tag>; `env` changes its environment as subprocess does. The test
/// fails unless its services started within `wait`.
inline std::unique_ptr<subprocess> start_node(const temp_dir& dir, const std::string& cfg,
                                              const std::string& tag,
                                              const std::vector<std::string>& env = {},
                                              std::chrono::seconds wait = std::chrono::seconds{30}) {
  auto node = std::make_unique<subprocess>(TN_TRADENODE, std::vector<std::string>{"--config", cfg},
                                           dir.file("stdout" + tag), dir.file("stderr" + tag),
                                           env);
  REQUIRE(node->started());
  REQUIRE(wait_for_text(dir.file("stderr" + tag), "supervisor info started journal", wait));
  return node;
}

} // namespace tn::test
