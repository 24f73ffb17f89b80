#include "actors/agent/cost.hpp"
#include "actors/agent/prompt_hash.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono;

namespace {

// 2024-05-01 00:00:00 UTC
const timestamp day_start = timestamp{seconds{1714521600}};

} // namespace

TEST_CASE("cost: input, output, cache write at 1.25x and cache read at 0.1x") {
  model_price sonnet{"claude-sonnet-4", 3, 15};
  token_usage u;
  u.input_tokens = 1'000'000;
  CHECK(cost_usd(u, sonnet) == Approx(3.0));
  u = {};
  u.output_tokens = 200'000;
  CHECK(cost_usd(u, sonnet) == Approx(3.0));
  u = {};
  u.cache_creation_input_tokens = 1'000'000;
  CHECK(cost_usd(u, sonnet) == Approx(3.75));
  u = {};
  u.cache_read_input_tokens = 1'000'000;
  CHECK(cost_usd(u, sonnet) == Approx(0.30));
  // A typical cached call: 812 fresh, 2304 read from cache, 143 out.
  u = {812, 143, 0, 2304};
  CHECK(cost_usd(u, sonnet) == Approx(812 * 3e-6 + 143 * 15e-6 + 2304 * 0.3e-6));
}

TEST_CASE("prices are found by the longest model prefix and can be overridden") {
  auto table = default_prices();
  token_usage u{1'000'000, 0, 0, 0};
  CHECK(cost_usd(table, "claude-sonnet-4-5-20250929", u) == Approx(3));
  CHECK(cost_usd(table, "claude-opus-4-1-20250805", u) == Approx(15));
  CHECK(cost_usd(table, "claude-opus-4-5-20251101", u) == Approx(5));
  CHECK(cost_usd(table, "claude-haiku-4-5", u) == Approx(1));
  CHECK_FALSE(cost_usd(table, "qwen2.5:7b", u));
  table = merge_prices(table, {{"claude-sonnet-4", 2, 10, 2.0, 0.1}, {"qwen", 0, 0}});
  CHECK(cost_usd(table, "claude-sonnet-4-5", u) == Approx(2));
  u = {0, 0, 1'000'000, 0};
  CHECK(cost_usd(table, "claude-sonnet-4-5", u) == Approx(4)); // 1-hour cache: 2x
  CHECK(cost_usd(table, "qwen2.5:7b", u) == Approx(0));
}

TEST_CASE("the daily budget stops spending when used up and reopens the next UTC day") {
  daily_budget budget{1.0};
  auto t = day_start + hours{9};
  CHECK(budget.allows(t));
  CHECK_FALSE(budget.record(t, 0.6));
  CHECK(budget.allows(t));
  CHECK(budget.spent(t) == Approx(0.6));
  CHECK(budget.record(t + hours{5}, 0.5)); // this call used it up: say so once
  CHECK_FALSE(budget.allows(t + hours{5}));
  CHECK_FALSE(budget.record(t + hours{6}, 0.1)); // already exhausted
  CHECK_FALSE(budget.allows(day_start + hours{24} - nanoseconds{1}));
  CHECK(daily_budget::next_reset(t) == day_start + hours{24});
  // Midnight UTC, in event time: a new day, a new budget.
  auto tomorrow = day_start + hours{24};
  CHECK(budget.allows(tomorrow));
  CHECK(budget.spent(tomorrow) == 0);
  CHECK_FALSE(budget.record(tomorrow + minutes{1}, 0.2));
  CHECK(budget.spent(tomorrow + minutes{1}) == Approx(0.2));
}

TEST_CASE("budget edge cases: zero allows nothing, infinity everything, time going back") {
  daily_budget none{0};
  CHECK_FALSE(none.allows(day_start));
  daily_budget unlimited;
  unlimited.record(day_start, 1e6);
  CHECK(unlimited.allows(day_start));
  daily_budget b{1.0};
  b.record(day_start + hours{25}, 0.9);
  // A late booking stamped yesterday still counts today; nothing reopens.
  b.record(day_start + hours{23}, 0.2);
  CHECK_FALSE(b.allows(day_start + hours{26}));
}

TEST_CASE("prompt hash: SHA-256 hex, length-prefixed parts") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex({"ab", "c"}) != sha256_hex({"a", "bc"}));
  auto h = prompt_hash("anthropic", "claude-sonnet-4-5", "sys", "{}", "prompt");
  CHECK(h.size() == 64);
  CHECK(h == prompt_hash("anthropic", "claude-sonnet-4-5", "sys", "{}", "prompt"));
  CHECK(h != prompt_hash("anthropic", "claude-sonnet-4-5", "sys", "{}", "prompt2"));
  CHECK(h != prompt_hash("openai", "claude-sonnet-4-5", "sys", "{}", "prompt"));
}
