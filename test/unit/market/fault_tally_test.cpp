#include "actors/market_listener/fault_tally.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1752364800000);

} // namespace

TEST_CASE("the first fault of a period is reported, the rest summed up once at its end") {
  fault_tally tally{60s};
  auto first = tally.record(t0, "history BTCUSDT 1d failed", "HTTP 429: too much weight");
  REQUIRE(first);
  CHECK(*first == "history BTCUSDT 1d failed: HTTP 429: too much weight");
  for (int i = 1; i < 57; ++i)
    CHECK_FALSE(tally.record(t0 + i * 1s, "history BTCUSDT 1d failed", "HTTP 429: again"));
  CHECK(tally.record(t0 + 2s, "malformed frame skipped", "bad k.c"));
  CHECK(tally.flush(t0 + 59s).empty());
  auto lines = tally.flush(t0 + 60s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "history BTCUSDT 1d failed x57 in 60 s: HTTP 429: again");
  // A new period starts with a reported fault again.
  CHECK(tally.record(t0 + 61s, "history BTCUSDT 1d failed", "HTTP 503"));
}

TEST_CASE("long details are shortened") {
  fault_tally tally{60s};
  auto line = tally.record(t0, "gap fill for BTCUSDT failed", std::string(300, 'x'));
  REQUIRE(line);
  CHECK(line->size() < 160);
}
