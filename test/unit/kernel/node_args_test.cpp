#include "runtime/node_args.hpp"

#include <catch2/catch.hpp>

TEST_CASE("node_args reads every option") {
  tn::node_args args;
  std::string error;
  REQUIRE(tn::parse_node_args({"--config", "a.yaml", "--check-config"}, args, error));
  CHECK(args.config_path == "a.yaml");
  CHECK(args.check_config);
  CHECK_FALSE(args.help);
  tn::node_args other;
  REQUIRE(tn::parse_node_args({"--config=b.yaml", "--version", "--help"}, other, error));
  CHECK(other.config_path == "b.yaml");
  CHECK(other.version);
  CHECK(other.help);
}

TEST_CASE("node_args without arguments runs the embedded default") {
  tn::node_args args;
  std::string error;
  REQUIRE(tn::parse_node_args({}, args, error));
  CHECK(args.config_path.empty());
  CHECK_FALSE(args.check_config);
}

TEST_CASE("node_args refuses unknown options and a missing file name") {
  tn::node_args args;
  std::string error;
  CHECK_FALSE(tn::parse_node_args({"--verbose"}, args, error));
  CHECK(error == "unknown argument: --verbose");
  CHECK_FALSE(tn::parse_node_args({"--config"}, args, error));
  CHECK(error == "--config needs a file name");
  CHECK_FALSE(tn::parse_node_args({"--config="}, args, error));
}
