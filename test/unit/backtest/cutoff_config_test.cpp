#include "backtest/report/cutoff_config.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::backtest;

namespace {

const char* no_env(const char*) {
  return nullptr;
}

model_cutoffs read(const std::string& yaml) {
  auto root = YAML::Load(yaml);
  detail::context ctx{"b.yaml", no_env};
  detail::map_reader top{ctx, {root, root.Mark(), ""}, {"backtest"}};
  auto section = top.section("backtest", {"model_cutoffs"});
  return read_model_cutoffs(section);
}

} // namespace

TEST_CASE("cutoff config: the table by model prefix, bad dates refused with their place") {
  auto table = read("backtest:\n  model_cutoffs:\n    claude-sonnet-4-5: 2025-07-31\n"
                    "    claude-opus-4-1: 2025-03-31\n");
  REQUIRE(table.size() == 2);
  CHECK(table.at("claude-sonnet-4-5") == *parse_cutoff_date("2025-07-31"));
  CHECK(read("backtest: {}\n").empty());
  try {
    read("backtest:\n  model_cutoffs:\n    claude-x: July 2025\n");
    FAIL("a bad date was read");
  } catch (const detail::config_error& e) {
    CHECK(std::string{e.what()}
          == "b.yaml:3:15: backtest.model_cutoffs.claude-x: expected a date as YYYY-MM-DD, got "
             "'July 2025'");
  }
}
