#include "messages/decision.hpp"
#include "messages/register.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/deep_to_string.hpp>

#include <catch2/catch.hpp>

using namespace tn;

TEST_CASE("a decision crosses the wire unchanged, signed directions included") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  decision d;
  d.ts = from_unix_ms(1714564800123);
  d.source = decision_source::evaluator;
  d.decisions = {{"BTCUSDT", trade_action::sell, 0.25,
                  {{"trend", signal_direction::bearish, 0.8}, {"volume", signal_direction::bullish, 0.1}}}};
  d.next_check_seconds = 3600;
  d.wake_conditions = {{"BTCUSDT", wake_metric::price, wake_op::lt, 41000.5}};
  d.memory_update = "memo";
  d.reasoning = "why";
  d.model = "claude-sonnet-4-5";
  d.prompt_hash = std::string(64, 'a');
  d.usage = {812, 143, 10, 2304};
  d.cost_usd = 0.0051;
  d.validation.rejected = {{"$.decisions[1].symbol", "unknown symbol"}};
  d.validation.adjusted = {{"$.next_check_seconds", "clamped from 5 to 300"}};
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  REQUIRE_FALSE(sink(d));
  decision back;
  caf::binary_deserializer source{sys, buf};
  REQUIRE_FALSE(source(back));
  CHECK(back.ts == d.ts);
  CHECK(back.source == decision_source::evaluator);
  REQUIRE(back.decisions.size() == 1);
  CHECK(back.decisions[0].action == trade_action::sell);
  REQUIRE(back.decisions[0].signals.size() == 2);
  CHECK(back.decisions[0].signals[0].direction == signal_direction::bearish);
  CHECK(back.decisions[0].signals[1].direction == signal_direction::bullish);
  CHECK(back.wake_conditions[0].threshold == 41000.5);
  CHECK(back.usage.cache_read_input_tokens == 2304);
  CHECK(back.cost_usd == 0.0051);
  CHECK(back.validation.rejected.size() == 1);
  CHECK(back.validation.adjusted[0].reason == "clamped from 5 to 300");
  CHECK(caf::deep_to_string(back) == caf::deep_to_string(d));
  CHECK(caf::deep_to_string(d).find("bearish") != std::string::npos);
}
