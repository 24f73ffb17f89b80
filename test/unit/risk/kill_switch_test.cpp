// The daily-loss kill switch: trip, flatten, refusal, reset by the console or
// by the next UTC day.

#include "test/unit/risk/risk_test_util.hpp"

#include <catch2/catch.hpp>

namespace tn {
using namespace test;

namespace {

std::vector<position> two_positions() {
  return {holding("BTCUSDT", "0.02", "52000"), holding("ETHUSDT", "1", "2100")};
}

} // namespace

TEST_CASE("a loss of max_daily_loss_pct trips the kill switch and flattens every position") {
  risk_engine r{risk_config{}, test_filters()};
  auto t0 = day_one() + std::chrono::hours{1};
  CHECK(r.on_account(account("10000"), two_positions(), t0).exits.empty());
  auto plan = r.on_account(account("9501"), two_positions(), t0 + std::chrono::minutes{5});
  CHECK(plan.exits.empty());
  CHECK_FALSE(r.killed());
  plan = r.on_account(account("9500"), two_positions(), t0 + std::chrono::minutes{6});
  CHECK(r.killed());
  REQUIRE(plan.exits.size() == 2);
  for (auto& x : plan.exits) {
    CHECK(x.reason == order_reason::kill_switch);
    CHECK(x.keep_quantity.is_zero());
  }
  CHECK(plan.exits[0].symbol == "BTCUSDT");
  CHECK(plan.exits[1].symbol == "ETHUSDT");
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0]
        == "kill switch: daily loss 500.00 USDT (5.0% of the day's starting equity 10000.00 USDT) "
           "reached risk.max_daily_loss_pct 5.0%; flattening every position, no new entries "
           "until the next UTC day or a reset from the console");
  // It trips once (one note); what is still open at the next check is
  // flattened again (the tracker keeps one exit per position).
  plan = r.on_account(account("9400"), two_positions(), t0 + std::chrono::minutes{7});
  CHECK(plan.notes.empty());
  CHECK(plan.exits.size() == 2);
  CHECK(r.on_account(account("9400"), {}, t0 + std::chrono::minutes{8}).exits.empty());
}

TEST_CASE("positions unknown when the kill switch trips are flattened at the next check") {
  // The tracker did not answer when it tripped: before, nothing was ever
  // flattened after that.
  risk_engine r{risk_config{}, test_filters()};
  auto t0 = day_one() + std::chrono::hours{1};
  r.on_account(account("10000"), {}, t0);
  auto plan = r.on_account(account("9500"), {}, t0 + std::chrono::minutes{1});
  CHECK(r.killed());
  CHECK(plan.exits.empty());
  plan = r.on_account(account("9480"), two_positions(), t0 + std::chrono::minutes{2});
  REQUIRE(plan.exits.size() == 2);
  CHECK(plan.exits[0].reason == order_reason::kill_switch);
  CHECK(plan.exits[1].reason == order_reason::kill_switch);
}

TEST_CASE("a restart mid-day counts the PnL realized before it") {
  risk_engine r{risk_config{}, test_filters()};
  auto a = account("9600");
  a.realized_pnl_today = dec("-400"); // the day began at 10,000
  CHECK(r.on_account(a, {}, day_one() + std::chrono::hours{3}).exits.empty());
  a.equity = dec("9500");
  r.on_account(a, {}, day_one() + std::chrono::hours{4});
  CHECK(r.killed());
}

TEST_CASE("while the kill switch is on, entries are refused and exits go") {
  risk_engine r{risk_config{}, test_filters()};
  auto t0 = day_one() + std::chrono::hours{1};
  r.on_account(account("10000"), {}, t0);
  auto in = inputs(t0 + std::chrono::minutes{1}, "9000");
  in.positions = two_positions();
  auto plan = r.decide(1, one("SOLUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.exits.size() == 2); // the flatten, on this decision's account
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::rejected);
  CHECK(plan.verdicts[0].reason.rfind("kill switch: daily loss 1000.00 USDT", 0) == 0);
  // A SELL of the same decision is the flatten's: no second exit.
  decision both;
  both.decisions.push_back({"BTCUSDT", trade_action::sell, 0, {}});
  risk_engine fresh{risk_config{}, test_filters()};
  fresh.on_account(account("10000"), {}, t0);
  plan = fresh.decide(2, both, in);
  CHECK(plan.exits.size() == 2);
  CHECK(plan.verdicts[0].reason == "the kill switch closes BTCUSDT");
  // Later decisions: a BUY is refused, a SELL goes.
  in.positions = {holding("BTCUSDT", "0.02", "52000")};
  plan = r.decide(3, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  plan = r.decide(4, one("BTCUSDT", trade_action::sell, 0), in);
  CHECK(plan.exits.size() == 1);
}

TEST_CASE("the console's reset lets entries through and counts the day afresh") {
  risk_config cfg;
  cfg.reset = kill_switch_reset::manual;
  risk_engine r{cfg, test_filters()};
  auto t0 = day_one() + std::chrono::hours{1};
  CHECK_FALSE(r.reset_kill_switch());
  r.on_account(account("10000"), {}, t0);
  r.on_account(account("9000"), {}, t0);
  REQUIRE(r.killed());
  CHECK(r.reset_kill_switch());
  CHECK_FALSE(r.killed());
  auto in = inputs(t0 + std::chrono::minutes{1}, "9000");
  auto plan = r.decide(5, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.exits.empty()); // the loss before the reset does not trip it again
  CHECK(plan.orders.size() == 1);
  // From 9,000, another 5 % does.
  r.on_account(account("8550"), {}, t0 + std::chrono::minutes{2});
  CHECK(r.killed());
}

TEST_CASE("the next UTC day releases the kill switch with reset next_day, not with manual") {
  auto t0 = day_one() + std::chrono::hours{23};
  auto midnight = day_one() + std::chrono::hours{24};
  for (auto mode : {kill_switch_reset::next_day, kill_switch_reset::manual}) {
    risk_config cfg;
    cfg.reset = mode;
    risk_engine r{cfg, test_filters()};
    r.on_account(account("10000"), {}, t0);
    r.on_account(account("9000"), {}, t0);
    REQUIRE(r.killed());
    CHECK(r.on_time(midnight - std::chrono::seconds{1}).empty());
    CHECK(r.killed());
    auto note = r.on_time(midnight);
    if (mode == kill_switch_reset::next_day) {
      CHECK_FALSE(r.killed());
      CHECK(note == "kill switch released: a new UTC day began, entries are allowed again");
      // The new day starts from the equity it finds.
      CHECK(r.on_account(account("9000"), {}, midnight).exits.empty());
      CHECK_FALSE(r.killed());
    } else {
      CHECK(r.killed());
      CHECK(note.empty());
      auto in = inputs(midnight + std::chrono::minutes{1}, "9000");
      CHECK(r.decide(6, one("BTCUSDT", trade_action::buy, 0.1), in).orders.empty());
    }
  }
}

TEST_CASE("flatten_all closes every position for the operator") {
  auto exits = flatten_all(two_positions(), order_reason::flatten, day_one());
  REQUIRE(exits.size() == 2);
  CHECK(exits[0].reason == order_reason::flatten);
  CHECK(exits[1].symbol == "ETHUSDT");
}

} // namespace tn
