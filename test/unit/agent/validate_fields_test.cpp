#include "actors/agent/decision_validate.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;

namespace {

// One decision entry for SOLUSDT next to a valid one for BTCUSDT, so each
// case shows the bad entry rejected and the good one kept.
std::string with_entry(const std::string& sol_entry) {
  return R"({"decisions":[{"symbol":"BTCUSDT","action":"HOLD","position_pct":0.1,"signals":[]},)"
         + sol_entry
         + R"(],"next_check_seconds":600,"wake_conditions":[],"memory_update":"","reasoning":""})";
}

std::string with_wake(const std::string& wake) {
  return R"({"decisions":[],"next_check_seconds":600,"wake_conditions":[)"
         R"({"symbol":"BTCUSDT","metric":"zscore_price","operator":">","threshold":2.5},)"
         + wake + R"(],"memory_update":"","reasoning":""})";
}

const std::string signal_ok = R"({"name":"trend","direction":"bullish","confidence":0.5})";

std::string entry(const std::string& fields) {
  return "{" + fields + "}";
}

const std::string sol_fields = R"("symbol":"SOLUSDT","action":"BUY","position_pct":0.3)";

struct field_case {
  const char* what;
  std::string entry;
  const char* path;
  const char* reason;
};

} // namespace

TEST_CASE("each per-symbol violation rejects that entry with its path and reason") {
  auto sig = [](const std::string& s) { return entry(sol_fields + R"(,"signals":[)" + s + "]"); };
  std::vector<field_case> cases{
    {"unknown symbol", entry(R"("symbol":"DOGEUSDT","action":"BUY","position_pct":0.3,"signals":[])"),
     "$.decisions[1].symbol", "unknown symbol \"DOGEUSDT\""},
    {"symbol of the wrong case",
     entry(R"("symbol":"solusdt","action":"BUY","position_pct":0.3,"signals":[])"),
     "$.decisions[1].symbol", "unknown symbol"},
    {"position_pct below 0",
     entry(R"("symbol":"SOLUSDT","action":"BUY","position_pct":-0.1,"signals":[])"),
     "$.decisions[1].position_pct", "outside [0, 1]"},
    {"position_pct as a string",
     entry(R"("symbol":"SOLUSDT","action":"BUY","position_pct":"0.3","signals":[])"),
     "$.decisions[1].position_pct", "expected a number, got string"},
    {"unknown action", entry(R"("symbol":"SOLUSDT","action":"buy","position_pct":0.3,"signals":[])"),
     "$.decisions[1].action", "unknown action \"buy\""},
    {"missing action", entry(R"("symbol":"SOLUSDT","position_pct":0.3,"signals":[])"),
     "$.decisions[1].action", "missing field"},
    {"extra field", entry(sol_fields + R"(,"signals":[],"leverage":20)"),
     "$.decisions[1].leverage", "unexpected field"},
    {"signals not an array", entry(sol_fields + R"(,"signals":{})"), "$.decisions[1].signals",
     "expected an array, got object"},
    {"confidence above 1", sig(R"({"name":"trend","direction":"bullish","confidence":1.2})"),
     "$.decisions[1].signals[0].confidence", "1.2 outside [0, 1]"},
    {"unknown direction", sig(R"({"name":"trend","direction":"up","confidence":0.5})"),
     "$.decisions[1].signals[0].direction", "unknown direction \"up\""},
    {"empty signal name", sig(R"({"name":"","direction":"bullish","confidence":0.5})"),
     "$.decisions[1].signals[0].name", "1 to 64 characters"},
    {"signal with an extra field",
     sig(R"({"name":"trend","direction":"bullish","confidence":0.5,"weight":9})"),
     "$.decisions[1].signals[0].weight", "unexpected field"},
    {"signal missing confidence", sig(R"({"name":"trend","direction":"bullish"})"),
     "$.decisions[1].signals[0].confidence", "missing field"},
    {"too many signals",
     sig(signal_ok + "," + signal_ok + "," + signal_ok + "," + signal_ok + "," + signal_ok + ","
         + signal_ok + "," + signal_ok + "," + signal_ok + "," + signal_ok),
     "$.decisions[1].signals", "9 signals, more than 8"},
    {"entry not an object", R"("SOLUSDT BUY")", "$.decisions[1]", "expected an object, got string"},
  };
  for (auto& c : cases) {
    INFO(c.what);
    auto d = validate_decision(with_entry(c.entry), test_limits());
    CHECK_FALSE(d.validation.whole_rejected);
    REQUIRE(d.decisions.size() == 1);
    CHECK(d.decisions[0].symbol == "BTCUSDT");
    bool found = false;
    for (auto& x : d.validation.rejected) {
      INFO(x.path << ": " << x.reason);
      found |= x.path == c.path && x.reason.find(c.reason) != std::string::npos;
    }
    CHECK(found);
  }
}

TEST_CASE("a valid SOLUSDT entry next to it is accepted (the cases above fail for their fault)") {
  auto d = validate_decision(with_entry(entry(sol_fields + R"(,"signals":[)" + signal_ok + "]")),
                             test_limits());
  CHECK(d.validation.rejected.empty());
  CHECK(d.decisions.size() == 2);
}

TEST_CASE("each malformed wake condition is dropped with its reason and the others stay") {
  std::vector<field_case> cases{
    {"unknown metric", R"({"symbol":"BTCUSDT","metric":"rsi","operator":">","threshold":70})",
     "$.wake_conditions[1].metric", "unknown metric \"rsi\""},
    {"unknown operator", R"({"symbol":"BTCUSDT","metric":"price","operator":"==","threshold":1})",
     "$.wake_conditions[1].operator", "unknown operator \"==\""},
    {"unknown symbol", R"({"symbol":"XRPUSDT","metric":"price","operator":">","threshold":1})",
     "$.wake_conditions[1].symbol", "unknown symbol"},
    {"threshold as a string",
     R"({"symbol":"BTCUSDT","metric":"funding","operator":">","threshold":"NaN"})",
     "$.wake_conditions[1].threshold", "expected a number, got string"},
    {"threshold null", R"({"symbol":"BTCUSDT","metric":"funding","operator":">","threshold":null})",
     "$.wake_conditions[1].threshold", "expected a number, got null"},
    {"price not positive", R"({"symbol":"BTCUSDT","metric":"price","operator":"<","threshold":-5})",
     "$.wake_conditions[1].threshold", "must be positive"},
    {"missing operator", R"({"symbol":"BTCUSDT","metric":"price","threshold":5})",
     "$.wake_conditions[1].operator", "missing field"},
    {"extra field",
     R"({"symbol":"BTCUSDT","metric":"price","operator":">","threshold":5,"once":false})",
     "$.wake_conditions[1].once", "unexpected field"},
    {"not an object", R"(["BTCUSDT","price",">",5])", "$.wake_conditions[1]",
     "expected an object, got array"},
  };
  for (auto& c : cases) {
    INFO(c.what);
    auto d = validate_decision(with_wake(c.entry), test_limits());
    CHECK_FALSE(d.validation.whole_rejected);
    REQUIRE(d.wake_conditions.size() == 1);
    CHECK(d.wake_conditions[0].metric == wake_metric::zscore_price);
    REQUIRE(d.validation.rejected.size() >= 1);
    bool found = false;
    for (auto& x : d.validation.rejected)
      found |= x.path == c.path && x.reason.find(c.reason) != std::string::npos;
    CHECK(found);
  }
}

TEST_CASE("a threshold JSON cannot hold as a finite number makes the answer unreadable") {
  // JSON has no NaN or Infinity; an overflowing literal is refused by the
  // parser, so the whole answer is rejected rather than a wake condition
  // with an infinite threshold getting through.
  auto d = validate_decision(
    with_wake(R"({"symbol":"BTCUSDT","metric":"funding","operator":">","threshold":1e999})"),
    test_limits());
  CHECK(d.validation.whole_rejected);
  CHECK(d.wake_conditions.empty());
  d = validate_decision(
    with_wake(R"({"symbol":"BTCUSDT","metric":"funding","operator":">","threshold":NaN})"),
    test_limits());
  CHECK(d.validation.whole_rejected);
}

TEST_CASE("wake conditions beyond the limit are dropped") {
  std::string wakes;
  for (int i = 0; i < 9; ++i)
    wakes += std::string{i ? "," : ""}
             + R"({"symbol":"ETHUSDT","metric":"pnl_pct","operator":"<=","threshold":-2})";
  auto d = validate_decision(with_wake(wakes), test_limits());
  CHECK(d.wake_conditions.size() == 8);
  REQUIRE(d.validation.rejected.size() == 2);
  CHECK(d.validation.rejected[0].path == "$.wake_conditions[8]");
  CHECK(d.validation.rejected[1].path == "$.wake_conditions[9]");
}

TEST_CASE("top-level fields of the wrong type reject the whole decision") {
  for (auto [input, path] : std::vector<std::pair<std::string, std::string>>{
         {R"({"decisions":{},"next_check_seconds":600,"wake_conditions":[],"memory_update":"","reasoning":""})",
          "$.decisions"},
         {R"({"decisions":[],"next_check_seconds":600,"wake_conditions":null,"memory_update":"","reasoning":""})",
          "$.wake_conditions"},
         {R"({"decisions":[],"next_check_seconds":600,"wake_conditions":[],"memory_update":"","reasoning":7})",
          "$.reasoning"},
         {R"({"decisions":[],"next_check_seconds":600,"wake_conditions":[],"memory_update":""})",
          "$.reasoning"}}) {
    INFO(input);
    auto d = validate_decision(input, test_limits());
    CHECK(d.validation.whole_rejected);
    REQUIRE(d.validation.rejected.size() == 1);
    CHECK(d.validation.rejected[0].path == path);
  }
}
