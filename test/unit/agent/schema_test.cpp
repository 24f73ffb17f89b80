#include "actors/agent/decision_schema.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace tn;
using namespace tn::test;
namespace dom = simdjson::dom;

namespace {

// Walks every object schema: additionalProperties false and every property
// required, as strict mode demands. Returns the number of objects seen.
int check_strict(dom::element schema, const std::string& path) {
  int objects = 0;
  dom::object s;
  if (schema.get(s) != simdjson::SUCCESS)
    return 0;
  std::string_view type;
  if (s["type"].get(type) == simdjson::SUCCESS && type == "object") {
    ++objects;
    INFO(path);
    bool additional = true;
    REQUIRE(s["additionalProperties"].get(additional) == simdjson::SUCCESS);
    CHECK_FALSE(additional);
    std::set<std::string> props, required;
    // Copies: a range-for over value() of a temporary result would dangle.
    dom::object properties = s["properties"].get_object().value();
    dom::array names = s["required"].get_array().value();
    for (auto [key, sub] : properties) {
      props.emplace(key);
      objects += check_strict(sub, path + "." + std::string{key});
    }
    for (auto name : names)
      required.emplace(name.get_string().value());
    CHECK(props == required);
  }
  dom::element items;
  if (s["items"].get(items) == simdjson::SUCCESS)
    objects += check_strict(items, path + "[]");
  return objects;
}

std::vector<std::string> strings(dom::element arr) {
  std::vector<std::string> out;
  dom::array items = arr.get_array().value();
  for (auto x : items)
    out.emplace_back(x.get_string().value());
  return out;
}

} // namespace

TEST_CASE("the decision schema is strict in both dialects") {
  auto lim = test_limits();
  REQUIRE(check(lim).empty());
  for (auto dialect : {schema_dialect::full, schema_dialect::constrained}) {
    auto text = decision_schema(lim, dialect);
    parsed_json doc{text};
    REQUIRE(doc.error == simdjson::SUCCESS);
    // top level, decision entry, signal, wake condition
    CHECK(check_strict(doc.root, "$") == 4);
  }
}

TEST_CASE("the schema's enums come from the whitelist and the message types") {
  auto text = decision_schema(test_limits(), schema_dialect::full);
  parsed_json doc{text};
  auto props = doc.root["properties"];
  auto entry = props["decisions"]["items"]["properties"];
  CHECK(strings(entry["symbol"]["enum"].value())
        == std::vector<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT"});
  CHECK(strings(entry["action"]["enum"].value()) == std::vector<std::string>{"BUY", "SELL", "HOLD"});
  CHECK(strings(entry["signals"]["items"]["properties"]["direction"]["enum"].value())
        == std::vector<std::string>{"bullish", "bearish", "neutral"});
  auto wake = props["wake_conditions"]["items"]["properties"];
  CHECK(strings(wake["symbol"]["enum"].value())
        == std::vector<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT"});
  CHECK(strings(wake["metric"]["enum"].value())
        == std::vector<std::string>{"price", "zscore_price", "zscore_volume", "funding", "pnl_pct"});
  CHECK(strings(wake["operator"]["enum"].value())
        == std::vector<std::string>{">", ">=", "<", "<="});
  CHECK(str(wake["threshold"]["type"]) == "number");
  CHECK(str(props["next_check_seconds"]["type"]) == "integer");
}

TEST_CASE("the full dialect carries numeric bounds and the constrained one states them in words") {
  auto lim = test_limits();
  parsed_json full{decision_schema(lim, schema_dialect::full)};
  auto fp = full.root["properties"];
  auto pct = fp["decisions"]["items"]["properties"]["position_pct"];
  CHECK(pct["minimum"].get_int64().value() == 0);
  CHECK(pct["maximum"].get_int64().value() == 1);
  std::string_view meaning = pct["description"].get_string().value();
  CHECK(meaning.find("Target share of equity for this symbol") != std::string_view::npos);
  CHECK(meaning.find("BUY raises the position to it (never above; nothing when already there)")
        != std::string_view::npos);
  CHECK(meaning.find("SELL closes (or, above 0 and below the current share, reduces to it)")
        != std::string_view::npos);
  CHECK(fp["next_check_seconds"]["minimum"].get_int64().value() == 300);
  CHECK(fp["next_check_seconds"]["maximum"].get_int64().value() == 14400);
  CHECK(fp["memory_update"]["maxLength"].get_int64().value() == 500);
  CHECK(fp["wake_conditions"]["maxItems"].get_int64().value() == 8);

  auto text = decision_schema(lim, schema_dialect::constrained);
  for (auto keyword : {"minimum", "maximum", "maxLength", "maxItems"})
    CHECK(text.find(std::string{"\""} + keyword + "\"") == std::string::npos);
  parsed_json con{text};
  auto cp = con.root["properties"];
  CHECK_THAT(str(cp["next_check_seconds"]["description"]), Catch::Contains("[300, 14400]"));
  CHECK_THAT(str(cp["memory_update"]["description"]), Catch::Contains("500 characters"));
  CHECK_THAT(str(cp["wake_conditions"]["description"]), Catch::Contains("At most 8"));
}

TEST_CASE("the schema is byte-stable, so the cached prompt prefix stays valid") {
  auto lim = test_limits();
  CHECK(decision_schema(lim, schema_dialect::constrained)
        == decision_schema(lim, schema_dialect::constrained));
}

TEST_CASE("limits that cannot describe a schema are refused") {
  auto lim = test_limits();
  lim.symbols.clear();
  CHECK_THAT(check(lim), Catch::Contains("no symbols"));
  lim = test_limits();
  lim.symbols.push_back("");
  CHECK_FALSE(check(lim).empty());
  lim = test_limits();
  lim.min_next_check_seconds = 20000;
  CHECK_THAT(check(lim), Catch::Contains("exceeds"));
  lim = test_limits();
  lim.min_next_check_seconds = 0;
  CHECK_FALSE(check(lim).empty());
}
