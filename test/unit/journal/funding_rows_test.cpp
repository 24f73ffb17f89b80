// The funding table (schema version 9): a paper futures position's funding
// payments, kept once per symbol and funding time with the balances after
// them, read back exactly, and what a restart learns of them.

#include "journal_test_util.hpp"

#include "runtime/journal/funding_rows.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::t0;
using tn::test::temp_dir;

namespace {

decimal dec(const char* text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

funding_payment payment(const std::string& symbol, timestamp ts, const char* amount) {
  return {symbol, ts, dec("-0.5"), dec("117224.79"), dec("0.00012345"), dec(amount), "USDT"};
}

} // namespace

TEST_CASE("funding payments are journaled once with the balances, and a restart learns the last") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = tn::test::open_journal(path);
    std::vector<asset_balance> after{{"USDT", dec("9999.27644937"), decimal{}}};
    auto n = db.commit_funding({payment("BTCUSDT", t0 + 8h, "7.23563876"),
                                payment("ETHUSDT", t0 + 8h, "-0.01")},
                               after);
    REQUIRE(n);
    CHECK(*n == 2);
    // The same funding time again is kept once (the first row stays).
    n = db.commit_funding({payment("BTCUSDT", t0 + 8h, "1"), payment("BTCUSDT", t0 + 16h, "2")},
                          {});
    REQUIRE(n);
    CHECK(*n == 1);
    auto j = db.load_execution();
    REQUIRE(j);
    REQUIRE(j->funding_settled.size() == 2);
    CHECK(j->funding_settled.at("BTCUSDT") == t0 + 16h);
    CHECK(j->funding_settled.at("ETHUSDT") == t0 + 8h);
    REQUIRE(j->balances.size() == 1);
    CHECK(j->balances[0].free == dec("9999.27644937"));
  }
  sql::connection raw{path};
  auto rows = funding_rows::load(raw);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].symbol == "BTCUSDT");
  CHECK(rows[0].ts == t0 + 8h);
  CHECK(rows[0].position == dec("-0.5"));
  CHECK(rows[0].mark_price == dec("117224.79"));
  CHECK(rows[0].rate == dec("0.00012345"));
  CHECK(rows[0].amount == dec("7.23563876"));
  CHECK(rows[0].asset == "USDT");
  CHECK(rows[1].symbol == "ETHUSDT");
  CHECK(rows[1].amount == dec("-0.01"));
  CHECK(rows[2].ts == t0 + 16h);
  CHECK(rows[2].amount == dec("2"));
}
