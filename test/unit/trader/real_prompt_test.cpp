#include "actors/trader/prompt.hpp"

#include "test/unit/trader/prompt_test_util.hpp"
#include "test/unit/trader/real_snapshot.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace tn;

namespace {

std::vector<test::symbol_history> futures_month() {
  std::vector<test::symbol_history> result;
  for (std::string s : {"AVAXUSDT", "NEARUSDT", "FILUSDT"})
    result.push_back(test::load_history(
      test::shared_data("futures_um/klines_1m/" + s + "-1m-2024-02.csv"), s));
  return result;
}

} // namespace

// 3 symbols x {1h, 4h, 1d} x 24 real bars with the full context: measured
// 10,112 bytes for the user prompt (3,058 for the system prompt). The 12 KB
// bound fails if the formatting regresses badly: full precision, labels per
// row or padding add 20 % and more.
TEST_CASE("real data: a 3 x 3 x 24 bar prompt stays compact") {
  auto at = from_unix_ms(1709208000000); // 2024-02-29T12:00:00Z
  auto snap = test::snapshot_at(futures_month(), at, 24);
  test::add_context(snap);
  for (auto& s : snap.symbols)
    for (auto& set : s.candles)
      REQUIRE(set.bars.size() == 24);
  auto user = render_snapshot(snap);
  decision_limits lim;
  lim.symbols = {"AVAXUSDT", "NEARUSDT", "FILUSDT"};
  auto system = system_prompt(lim, snap.safety, decision_tool_name);
  std::printf("prompt for 3 symbols x 3 intervals x 24 bars: user %zu bytes, system %zu bytes\n",
              user.size(), system.size());
  CHECK(test::count(user, "\n") > 3 * 3 * 24);
  CHECK(user.find("snapshot 2024-02-29T12:00:00Z\n") == 0);
  CHECK(user.find("\n## AVAXUSDT last ") != std::string::npos);
  CHECK(user.find("1d t,o,h,l,c,v\n02-05,") != std::string::npos); // 24 days back
  CHECK(user.find("\n02-29 11:00,") != std::string::npos);          // the newest 1h bar
  CHECK(user.find("\n02-29 12:00,") == std::string::npos);          // still forming
  CHECK(user.size() < 12 * 1024);
  CHECK(render_snapshot(snap) == user);
}
