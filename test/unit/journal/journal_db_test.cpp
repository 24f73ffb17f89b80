// Writing to the journal and reading it back: events, candles, de-dup,
// and one transaction per batch.

#include "journal_test_util.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::make_candle;
using tn::test::make_event;
using tn::test::temp_dir;

namespace {

std::vector<std::string> texts(const std::vector<journaled_event>& xs) {
  std::vector<std::string> result;
  for (auto& x : xs)
    result.push_back(x.value.text);
  return result;
}

using strings = std::vector<std::string>;

} // namespace

TEST_CASE("events round-trip through the journal, per topic and since an id") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = test::open_journal(path);
    REQUIRE(db.append({make_event("market", "m1", severity::warning, 1s),
                       make_event("supervisor", "s1", severity::info, 2s)})
            == caf::none);
    REQUIRE(db.append({make_event("market", "m2\nwith a line break", severity::error, 3s)})
            == caf::none);
    REQUIRE(db.close() == caf::none);
  }
  auto db = test::open_journal(path); // what was written survives a reopen
  auto market = db.events_since("market", 0);
  REQUIRE(market);
  REQUIRE(market->size() == 2);
  auto& first = market->at(0);
  CHECK(first.value.ts == test::t0 + 1s);
  CHECK(first.value.topic == "market");
  CHECK(first.value.level == severity::warning);
  CHECK(first.value.text == "m1");
  CHECK(market->at(1).value.level == severity::error);
  CHECK(market->at(1).value.text == "m2\nwith a line break");
  CHECK(market->at(1).id > first.id);
  auto all = db.events_since("", 0);
  REQUIRE(all);
  CHECK(texts(*all) == strings{"m1", "s1", "m2\nwith a line break"});
  // A reader resumes after the last id it saw.
  auto rest = db.events_since("", all->at(0).id);
  REQUIRE(rest);
  CHECK(texts(*rest) == strings{"s1", "m2\nwith a line break"});
  auto none = db.events_since("market", market->at(1).id);
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("candles round-trip: the last N of a symbol and interval, oldest first") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  std::vector<candle> bars;
  for (int n = 0; n < 5; ++n)
    bars.push_back(make_candle("BTCUSDT", n));
  bars.push_back(make_candle("ETHUSDT", 0));
  bars.push_back(make_candle("BTCUSDT", 0, interval::h1));
  auto added = db.append(bars);
  REQUIRE(added);
  CHECK(*added == bars.size());
  auto last3 = db.last_candles("BTCUSDT", interval::m1, 3);
  REQUIRE(last3);
  REQUIRE(last3->size() == 3);
  auto expected = make_candle("BTCUSDT", 2);
  auto& got = last3->front();
  CHECK(got.symbol == expected.symbol);
  CHECK(got.span == interval::m1);
  CHECK(got.open_time == expected.open_time);
  CHECK(got.open == expected.open);
  CHECK(got.high == expected.high);
  CHECK(got.low == expected.low);
  CHECK(got.close == expected.close);
  CHECK(got.volume == expected.volume);
  CHECK(got.quote_volume == expected.quote_volume);
  CHECK(got.trades == expected.trades);
  CHECK(got.taker_buy_volume == expected.taker_buy_volume);
  CHECK(got.closed);
  CHECK(last3->back().open_time == make_candle("BTCUSDT", 4).open_time);
  auto hourly = db.last_candles("BTCUSDT", interval::h1, 10);
  REQUIRE(hourly);
  CHECK(hourly->size() == 1);
  auto unknown = db.last_candles("XRPUSDT", interval::m1, 10);
  REQUIRE(unknown);
  CHECK(unknown->empty());
}

TEST_CASE("a replayed candle is stored once, and the first version stays") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  std::vector<candle> bars{make_candle("BTCUSDT", 0), make_candle("BTCUSDT", 1)};
  auto first = db.append(bars);
  REQUIRE(first);
  CHECK(*first == 2);
  auto replay = db.append(bars);
  REQUIRE(replay);
  CHECK(*replay == 0);
  auto changed = make_candle("BTCUSDT", 1);
  changed.close = 1;
  auto overlap = db.append({changed, make_candle("BTCUSDT", 2)});
  REQUIRE(overlap);
  CHECK(*overlap == 1);
  auto stored = db.last_candles("BTCUSDT", interval::m1, 10);
  REQUIRE(stored);
  REQUIRE(stored->size() == 3);
  CHECK(stored->at(1).close == make_candle("BTCUSDT", 1).close);
}

TEST_CASE("a batch is one transaction: all rows or none") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  test::refuse_bad_rows(path);
  auto commits = db.commits();
  std::vector<candle> bars;
  for (int n = 0; n < 100; ++n)
    bars.push_back(make_candle("BTCUSDT", n));
  auto added = db.append(bars);
  REQUIRE(added);
  CHECK(*added == 100);
  CHECK(db.commits() == commits + 1);
  REQUIRE(db.append({make_event("a", "1"), make_event("a", "2"), make_event("a", "3")})
          == caf::none);
  CHECK(db.commits() == commits + 2);
  // A row refused in the middle of a batch takes the whole batch back.
  auto refused = db.append({make_candle("BTCUSDT", 200), make_candle("BAD", 0),
                            make_candle("BTCUSDT", 201)});
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == ec::storage_error);
  CHECK_THAT(test::text_of(refused.error()),
             Catch::Contains("writing candles failed") && Catch::Contains("refused by test"));
  auto err = db.append({make_event("a", "4"), make_event("bad", "x"), make_event("a", "5")});
  CHECK(err == ec::storage_error);
  CHECK(db.commits() == commits + 2);
  auto bars_stored = db.last_candles("BTCUSDT", interval::m1, 1000);
  REQUIRE(bars_stored);
  CHECK(bars_stored->size() == 100);
  auto events = db.events_since("", 0);
  REQUIRE(events);
  CHECK(texts(*events) == strings{"1", "2", "3"});
  // The journal stays usable after a failed batch.
  REQUIRE(db.append({make_event("a", "6")}) == caf::none);
  CHECK(db.commits() == commits + 3);
}
