#include "runtime/heartbeat.hpp"

#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace

TEST_CASE("heartbeat_json carries time, pid, mode and name") {
  tn::heartbeat_info info{tn::from_unix_ms(1'752'964'496'789), 4242, "paper", "node \"a\"\n"};
  CHECK(tn::heartbeat_json(info)
        == "{\"time\":\"2025-07-19T22:34:56.789Z\",\"unix_ms\":1752964496789,\"pid\":4242,"
           "\"mode\":\"paper\",\"name\":\"node \\\"a\\\"\\u000a\"}\n");
}

TEST_CASE("heartbeat_path is relative to data_dir unless absolute") {
  CHECK(tn::heartbeat_path("var", "heartbeat") == "var/heartbeat");
  CHECK(tn::heartbeat_path("var/", "hb.json") == "var/hb.json");
  CHECK(tn::heartbeat_path("var", "/run/tn/hb") == "/run/tn/hb");
  CHECK(tn::heartbeat_path("", "hb") == "hb");
}

TEST_CASE("write_file_atomically replaces the file and leaves no temp file") {
  tn::test::temp_dir dir;
  auto path = dir.file("heartbeat");
  std::string error;
  REQUIRE(tn::write_file_atomically(path, "first\n", error));
  CHECK(slurp(path) == "first\n");
  REQUIRE(tn::write_file_atomically(path, "second\n", error));
  CHECK(slurp(path) == "second\n");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  CHECK(error.empty());
}

TEST_CASE("write_file_atomically explains a failure") {
  tn::test::temp_dir dir;
  auto path = dir.file("missing-dir/heartbeat");
  std::string error;
  CHECK_FALSE(tn::write_file_atomically(path, "x", error));
  CHECK(error.find("cannot open " + path + ".tmp") == 0);
  CHECK(error.find("No such file or directory") != std::string::npos);
}
