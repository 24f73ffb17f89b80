// The JSON lists of a decision row: their shape, and what reading refuses.

#include "journal_test_util.hpp"

#include "runtime/journal/decision_json.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;

namespace {

template <class T>
std::string refusal(std::string_view json) {
  std::vector<T> out;
  std::string error;
  CHECK_FALSE(from_json(json, out, error));
  return error;
}

} // namespace

TEST_CASE("decision lists are written with the contract's names") {
  std::vector<symbol_decision> xs{
    {"BTCUSDT", trade_action::buy, 0.5, {{"momentum", signal_direction::bullish, 0.75}}},
    {"ETHUSDT", trade_action::hold, 0, {}}};
  CHECK(to_json(xs)
        == R"([{"symbol":"BTCUSDT","action":"BUY","position_pct":0.5,"signals":)"
           R"([{"name":"momentum","direction":"bullish","confidence":0.75}]},)"
           R"({"symbol":"ETHUSDT","action":"HOLD","position_pct":0,"signals":[]}])");
  std::vector<wake_condition> wakes{{"BTCUSDT", wake_metric::zscore_price, wake_op::ge, 3}};
  CHECK(to_json(wakes)
        == R"([{"symbol":"BTCUSDT","metric":"zscore_price","op":">=","threshold":3}])");
  std::vector<validation_issue> issues{{"decisions[0]", "say \"why\""}};
  CHECK(to_json(issues) == R"([{"path":"decisions[0]","reason":"say \"why\""}])");
  CHECK(to_json(std::vector<validation_issue>{}) == "[]");
}

TEST_CASE("decision lists read back exactly, integral numbers included") {
  auto x = test::make_model_decision().chosen;
  std::vector<symbol_decision> symbols;
  std::string error;
  REQUIRE(from_json(to_json(x.decisions), symbols, error));
  CHECK(error.empty());
  REQUIRE(symbols.size() == 3);
  CHECK(symbols[0].position_pct == 1.0 / 3);
  CHECK(symbols[0].signals[1].confidence == 1e-9);
  CHECK(symbols[2].signals[0].confidence == 1); // written as 1, an integer in JSON
  CHECK(symbols[2].signals[0].name == "volume \"spike\"\n");
  std::vector<wake_condition> wakes;
  REQUIRE(from_json(to_json(x.wake_conditions), wakes, error));
  REQUIRE(wakes.size() == 3);
  CHECK(wakes[2].threshold == -4);
  CHECK(wakes[2].op == wake_op::le);
  // Reading replaces what `out` held.
  REQUIRE(from_json("[]", wakes, error));
  CHECK(wakes.empty());
}

TEST_CASE("reading a decision list names what is wrong and where") {
  CHECK(refusal<validation_issue>("not json").rfind("not JSON: ", 0) == 0);
  CHECK(refusal<validation_issue>(R"({"path":"a"})") == "not an array");
  CHECK(refusal<validation_issue>(R"([1])") == "[0]: not an object");
  CHECK(refusal<validation_issue>(R"([{"path":"a","reason":"b"},{"path":"a"}])")
        == "[1].reason: missing or not a string");
  CHECK(refusal<symbol_decision>(
          R"([{"symbol":"BTCUSDT","action":"JUMP","position_pct":0,"signals":[]}])")
        == "[0].action: 'JUMP' is not one of the names written");
  CHECK(refusal<symbol_decision>(R"([{"symbol":"BTCUSDT","action":"BUY","position_pct":"1"}])")
        == "[0].position_pct: missing or not a number");
  CHECK(refusal<symbol_decision>(
          R"([{"symbol":"BTCUSDT","action":"BUY","position_pct":1,"signals":)"
          R"([{"name":"a","direction":"up","confidence":1}]}])")
        == "[0].signals[0].direction: 'up' is not one of the names written");
  CHECK(refusal<symbol_decision>(R"([{"symbol":"BTCUSDT","action":"BUY","position_pct":1}])")
        == "[0].signals: missing or not an array");
  CHECK(refusal<wake_condition>(
          R"([{"symbol":"BTCUSDT","metric":"price","op":"=","threshold":1}])")
        == "[0].op: '=' is not one of the names written");
}

TEST_CASE("a non-finite number is written as null and refused when read") {
  std::vector<wake_condition> wakes{
    {"BTCUSDT", wake_metric::price, wake_op::gt, std::numeric_limits<double>::infinity()}};
  auto json = to_json(wakes);
  CHECK(json == R"([{"symbol":"BTCUSDT","metric":"price","op":">","threshold":null}])");
  CHECK(refusal<wake_condition>(json) == "[0].threshold: missing or not a number");
}
