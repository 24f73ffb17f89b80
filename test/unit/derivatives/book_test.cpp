// The per-symbol book: values stay under their symbol, open interest change
// over the window (on the real hourly BTCUSDT series), CVD from taker buy
// volume (on a real futures month).

#include "actors/derivatives/derivatives_book.hpp"
#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cmath>

using namespace tn;
using namespace std::chrono_literals;

namespace {

premium_index premium(const std::string& symbol, double rate, int64_t next_ms) {
  return {symbol, 100, rate, from_unix_ms(next_ms), from_unix_ms(next_ms - 3'600'000)};
}

candle bar(const std::string& symbol, timestamp open, double volume, double taker_buy) {
  candle c;
  c.symbol = symbol;
  c.open_time = open;
  c.volume = volume;
  c.taker_buy_volume = taker_buy;
  c.closed = true;
  return c;
}

} // namespace

TEST_CASE("funding, open interest and ratio are kept per symbol") {
  derivatives_book book{{"BTCUSDT", "ETHUSDT"}, 1h, 1h};
  auto now = from_unix_ms(1'750'149'488'000);
  CHECK(book.on_premium("BTCUSDT", {premium("BTCUSDT", 0.0001, 1'750'176'000'000)}).empty());
  CHECK(book.on_premium("ETHUSDT", {premium("ETHUSDT", -0.0003, 1'750'161'600'000)}).empty());
  // An answer naming another symbol than the one asked is refused; the
  // asked symbol keeps its value.
  CHECK(book.on_premium("ETHUSDT", {premium("BTCUSDT", 0.5, 1'750'176'000'000)})
        == "premiumIndex answered for BTCUSDT, asked for ETHUSDT");
  CHECK(book.on_premium("XRPUSDT", {premium("XRPUSDT", 0.1, 1)}) == "XRPUSDT is not watched");
  CHECK(book.on_open_interest("BTCUSDT", {"BTCUSDT", 80579.225, now}).empty());
  CHECK(book.on_open_interest("ETHUSDT", {"BTCUSDT", 1, now})
        == "openInterest answered for BTCUSDT, asked for ETHUSDT");
  CHECK(book.on_long_short("ETHUSDT", {{"ETHUSDT", 2.5, 0.7143, 0.2857, now}}).empty());
  CHECK(book.on_long_short("BTCUSDT", {}) == "globalLongShortAccountRatio answered no point for BTCUSDT");

  auto btc = book.snapshot("BTCUSDT", now, false);
  auto eth = book.snapshot("ETHUSDT", now, true);
  CHECK(btc.symbol == "BTCUSDT");
  CHECK(*btc.funding_rate == Approx(0.0001));
  CHECK(to_unix_ms(btc.next_funding) == 1'750'176'000'000);
  CHECK(*btc.open_interest == Approx(80579.225));
  CHECK_FALSE(btc.open_interest_change_pct); // no sample an hour older
  CHECK_FALSE(btc.long_short_ratio);
  CHECK(*eth.funding_rate == Approx(-0.0003));
  CHECK(to_unix_ms(eth.next_funding) == 1'750'161'600'000);
  CHECK_FALSE(eth.open_interest);
  CHECK(*eth.long_short_ratio == Approx(2.5));
  CHECK(*eth.long_account == Approx(0.7143));
  CHECK(eth.hot);
  CHECK_FALSE(btc.hot);
}

TEST_CASE("premiumIndex for every symbol: each watched symbol takes its own entry") {
  auto body = test::read_file(test::shared_data("futures_um/premiumIndex-2025-06-17.json"));
  std::vector<premium_index> all;
  std::string error;
  REQUIRE(parse_premium_index(body, all, error));
  derivatives_book book{{"BTCUSDT", "ETHUSDT"}, 1h, 1h};
  CHECK(book.on_premium("BTCUSDT", all).empty());
  CHECK(book.on_premium("ETHUSDT", all).empty());
  auto now = from_unix_ms(1'750'149'488'000);
  CHECK(*book.snapshot("BTCUSDT", now, false).funding_rate == Approx(0.00004758));
  CHECK(*book.snapshot("ETHUSDT", now, false).funding_rate == Approx(0.0001));
  CHECK(*book.snapshot("BTCUSDT", now, false).mark_price == Approx(106599.9));
}

TEST_CASE("open interest change over the window, on the real hourly BTCUSDT series") {
  auto body = test::read_file(test::shared_data(
    "futures_um/BTCUSDT-openInterestHist-1h-2026-03-05_2026-03-26.parsed.json"));
  simdjson::dom::parser parser;
  std::vector<open_interest_sample> points;
  simdjson::dom::array rows;
  REQUIRE(parser.parse(body).get_array().get(rows) == simdjson::SUCCESS);
  for (auto row : rows) {
    open_interest_sample p;
    p.symbol = "BTCUSDT";
    p.open_interest = row["openInterest"].get_double().value();
    p.time = from_unix_ms(row["time"].get_int64().value());
    points.push_back(p);
  }
  REQUIRE(points.size() == 500);
  auto change = [](double from, double to) { return (to - from) / from * 100; };

  SECTION("seeded from history: the newest point against the one an hour before") {
    derivatives_book book{{"BTCUSDT"}, 1h, 1h};
    CHECK_FALSE(book.has_oi_history("BTCUSDT"));
    CHECK(book.on_open_interest_hist("BTCUSDT", points).empty());
    CHECK(book.has_oi_history("BTCUSDT"));
    auto s = book.snapshot("BTCUSDT", points.back().time, false);
    CHECK(*s.open_interest == Approx(87021.385));
    CHECK(*s.open_interest_change_pct == Approx(change(86641.975, 87021.385)));
  }
  SECTION("a 24 h window; polled answers carry it on") {
    derivatives_book book{{"BTCUSDT"}, 24h, 1h};
    std::vector<open_interest_sample> first(points.begin(), points.begin() + 30);
    CHECK(book.on_open_interest_hist("BTCUSDT", first).empty());
    CHECK(*book.snapshot("BTCUSDT", first.back().time, false).open_interest_change_pct
          == Approx(change(first[29 - 24].open_interest, first[29].open_interest)));
    // Then one openInterest answer per hour, as polling brings them.
    for (size_t i = 30; i < points.size(); ++i)
      CHECK(book.on_open_interest("BTCUSDT", points[i]).empty());
    auto s = book.snapshot("BTCUSDT", points.back().time, false);
    CHECK(*s.open_interest_change_pct
          == Approx(change(points[499 - 24].open_interest, points[499].open_interest)));
  }
  SECTION("a sample between the hourly points: the reference is the newest an hour older") {
    derivatives_book book{{"BTCUSDT"}, 1h, 1h};
    CHECK(book.on_open_interest_hist("BTCUSDT", {points[0], points[1]}).empty());
    auto later = points[1];
    later.time += 30min;
    later.open_interest = 90000;
    CHECK(book.on_open_interest("BTCUSDT", later).empty());
    CHECK(*book.snapshot("BTCUSDT", later.time, false).open_interest_change_pct
          == Approx(change(points[0].open_interest, 90000)));
  }
  SECTION("history naming another symbol is refused whole") {
    derivatives_book book{{"ETHUSDT"}, 1h, 1h};
    CHECK(book.on_open_interest_hist("ETHUSDT", points)
          == "openInterestHist answered for BTCUSDT, asked for ETHUSDT");
    CHECK_FALSE(book.has_oi_history("ETHUSDT"));
    CHECK_FALSE(book.snapshot("ETHUSDT", points.back().time, false).open_interest);
  }
}

TEST_CASE("CVD from taker buy volume: per symbol, each closed 1m bar once") {
  derivatives_book book{{"BTCUSDT", "ETHUSDT"}, 1h, 3min};
  auto t0 = from_unix_ms(1'704'067'200'000);
  CHECK(book.on_bar(bar("BTCUSDT", t0, 10, 7)));          // +4
  CHECK(book.on_bar(bar("ETHUSDT", t0, 5, 1)));           // -3
  CHECK_FALSE(book.on_bar(bar("BTCUSDT", t0, 10, 7)));    // the same bar again
  auto forming = bar("BTCUSDT", t0 + 1min, 100, 100);
  forming.closed = false;
  CHECK_FALSE(book.on_bar(forming));
  auto hour = bar("BTCUSDT", t0 + 1h, 100, 100);
  hour.span = interval::h1;
  CHECK_FALSE(book.on_bar(hour));
  CHECK_FALSE(book.on_bar(bar("XRPUSDT", t0, 1, 1)));
  CHECK(book.on_bar(bar("BTCUSDT", t0 + 1min, 4, 0)));    // -4
  CHECK(book.on_bar(bar("BTCUSDT", t0 + 2min, 6, 6)));    // +6
  CHECK(book.on_bar(bar("BTCUSDT", t0 + 3min, 2, 1.5)));  // +1
  auto btc = book.snapshot("BTCUSDT", t0 + 4min, false);
  CHECK(btc.cvd == Approx(7));
  CHECK(btc.cvd_bars == 4);
  CHECK(btc.cvd_window == Approx(-4 + 6 + 1)); // the last three minutes
  auto eth = book.snapshot("ETHUSDT", t0 + 4min, false);
  CHECK(eth.cvd == Approx(-3));
  CHECK(eth.cvd_window == Approx(-3));
  CHECK(eth.cvd_bars == 1);
}

TEST_CASE("CVD over a real futures month equals the sum of 2 * taker buy - volume") {
  auto bars = test::read_dump_csv(
    test::shared_data("futures_um/klines_1m/NEARUSDT-1m-2024-02.csv"), "NEARUSDT");
  REQUIRE(bars.size() == 41760);
  derivatives_book book{{"NEARUSDT"}, 1h, 24h};
  double total = 0;
  double last_day = 0;
  for (size_t i = 0; i < bars.size(); ++i) {
    CHECK(book.on_bar(bars[i]));
    auto delta = 2 * bars[i].taker_buy_volume - bars[i].volume;
    total += delta;
    if (i >= bars.size() - 1440)
      last_day += delta;
  }
  auto s = book.snapshot("NEARUSDT", bars.back().open_time + 1min, false);
  CHECK(s.cvd_bars == 41760);
  CHECK(s.cvd == Approx(total));
  CHECK(s.cvd_window == Approx(last_day));
}
