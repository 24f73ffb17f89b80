#include "messages/gate.hpp"
#include "messages/register.hpp"
#include "test/unit/round_trip.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/deep_to_string.hpp>

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::round_trip;

namespace {

} // namespace

TEST_CASE("gate messages cross the wire unchanged and print readably") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  std::vector<wake_condition> conditions{{"BTCUSDT", wake_metric::pnl_pct, wake_op::le, -2.5},
                                         {"SOLUSDT", wake_metric::zscore_volume, wake_op::ge, 4}};
  auto back = round_trip(sys, conditions);
  REQUIRE(back.size() == 2);
  CHECK(back[0].symbol == "BTCUSDT");
  CHECK(back[0].metric == wake_metric::pnl_pct);
  CHECK(back[0].op == wake_op::le);
  CHECK(back[0].threshold == -2.5);
  CHECK(back[1].metric == wake_metric::zscore_volume);
  CHECK(back[1].op == wake_op::ge);
  gate_pass pass{"", pass_reason::candle_close, "4h bar closed", from_unix_ms(1706760000000)};
  auto p = round_trip(sys, pass);
  CHECK(p.symbol == "");
  CHECK(p.reason == pass_reason::candle_close);
  CHECK(p.detail == "4h bar closed");
  CHECK(p.ts == pass.ts);
  auto text = caf::deep_to_string(pass);
  CHECK(text.find("gate_pass") == 0);
  CHECK(text.find("candle_close") != std::string::npos);
}

TEST_CASE("wake condition names parse as the decision schema writes them") {
  auto m = wake_metric::price;
  for (auto name : {"price", "zscore_price", "zscore_volume", "funding", "pnl_pct"}) {
    REQUIRE(parse_wake_metric(name, m));
    CHECK(std::string{to_string(m)} == name);
  }
  CHECK_FALSE(parse_wake_metric("volume", m));
  auto op = wake_op::gt;
  for (auto name : {">", ">=", "<", "<="}) {
    REQUIRE(parse_wake_op(name, op));
    CHECK(std::string{to_string(op)} == name);
  }
  CHECK_FALSE(parse_wake_op("==", op));
  CHECK(holds(wake_op::ge, 1, 1));
  CHECK_FALSE(holds(wake_op::gt, 1, 1));
  CHECK(holds(wake_op::le, 1, 1));
  CHECK_FALSE(holds(wake_op::lt, 1, 1));
}
