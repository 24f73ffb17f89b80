// A futures backtest's funding, open interest and long/short ratio files:
// the real files in
// ../shared/data, small hand-written ones with bad rows, the values as of a
// time (never one after it), and the exchange answers built from them.

#include "actors/derivatives/derivatives_wire.hpp"
#include "actors/derivatives/derivs_answers.hpp"
#include "actors/derivatives/derivs_files.hpp"
#include "actors/derivatives/derivs_history.hpp"
#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

using namespace tn;

namespace {

decimal dec(const char* text) {
  return *decimal::parse(text);
}

timestamp ms(int64_t x) {
  return from_unix_ms(x);
}

std::string funding_error(const std::string& text) {
  std::vector<funding_event> out;
  std::string error;
  CHECK_FALSE(parse_funding_file(text, "f.csv", out, error));
  CHECK(out.empty());
  return error;
}

std::string oi_error(const std::string& text) {
  std::vector<oi_point> out;
  std::string error;
  CHECK_FALSE(parse_open_interest_file(text, "oi.json", out, error));
  return error;
}

std::string ratio_error(const std::string& text, const std::string& name = "r.csv") {
  std::vector<long_short_point> out;
  std::string error;
  CHECK_FALSE(parse_long_short_file(text, name, out, error));
  CHECK(out.empty());
  return error;
}

constexpr int64_t hour = 3'600'000;

} // namespace

TEST_CASE("funding: the real CSV (CRLF, date-times with fractions), every event exact") {
  auto path = test::shared_data("futures_um/BTCUSDT-fundingRate-2024-07-19_2025-06-17.csv");
  auto text = test::read_file(path);
  REQUIRE(!text.empty());
  std::vector<funding_event> events;
  std::string error;
  REQUIRE(parse_funding_file(text, path, events, error));
  REQUIRE(events.size() == 1000);
  CHECK(to_unix_ms(events.front().time) == 1721376000000); // 2024-07-19 08:00
  CHECK(events.front().rate == dec("0.00004855"));
  CHECK(events[1].rate == dec("0.00004606"));
  // 2024-07-20 00:00:00.001000 keeps its millisecond.
  CHECK(to_unix_ms(events[2].time) == 1721433600001);
  CHECK(events[2].rate == dec("-0.00003077"));
  // 2025-06-17 08:00:00.006000.
  CHECK(to_unix_ms(events.back().time) == 1750147200006);
  CHECK(events.back().rate == dec("0.00005776"));
}

TEST_CASE("funding: the real re-encoded JSON, numbers to 8 decimals") {
  auto path = test::shared_data("futures_um/BTCUSDT-fundingRate-2019-09-10_2020-08-08.parsed.json");
  std::vector<funding_event> events;
  std::string error;
  REQUIRE(parse_funding_file(test::read_file(path), path, events, error));
  REQUIRE(events.size() == 1000);
  CHECK(to_unix_ms(events.front().time) == 1568102400000);
  CHECK(events.front().rate == dec("0.0001"));
  CHECK(to_unix_ms(events.back().time) == 1596873600000);
  auto lo = std::min_element(events.begin(), events.end(),
                             [](auto& a, auto& b) { return a.rate < b.rate; });
  CHECK(lo->rate == dec("-0.003"));
}

TEST_CASE("funding: the /fapi/v1/fundingRate body, and epoch milliseconds in a CSV") {
  std::vector<funding_event> events;
  std::string error;
  REQUIRE(parse_funding_file(
    R"([{"symbol":"BTCUSDT","fundingRate":"-0.03750000","fundingTime":1570608000000,"markPrice":"34287.54619963"},)"
    R"({"symbol":"BTCUSDT","fundingRate":"0.00010000","fundingTime":1570636800000}])",
    "rest.json", events, error));
  REQUIRE(events.size() == 2);
  CHECK(events[0].rate == dec("-0.0375"));
  CHECK(to_unix_ms(events[1].time) == 1570636800000);
  REQUIRE(parse_funding_file("symbol,fundingTime,fundingRate\nX,1570608000000,0.0001\n", "ms.csv",
                             events, error));
  REQUIRE(events.size() == 1);
  CHECK(to_unix_ms(events[0].time) == 1570608000000);
}

TEST_CASE("funding: bad rows are refused with file and line") {
  CHECK(funding_error("") == "f.csv:1: empty file");
  CHECK(funding_error("time,rate\n1,2\n") == "f.csv:1: expected the header fundingTime,fundingRate");
  CHECK(funding_error("fundingTime,fundingRate\n") == "f.csv:1: no funding rows after the header");
  CHECK(funding_error("fundingTime,fundingRate\r\n2024-07-19 08:00:00,0.0001\r\n"
                      "2024-07-19 16:00:00,abc\r\n")
        == "f.csv:3: fundingRate 'abc' is not a decimal of at most 8 places");
  CHECK(funding_error("fundingTime,fundingRate\n2024-07-19 08:00:00,0.000000001\n")
        == "f.csv:2: fundingRate '0.000000001' is not a decimal of at most 8 places");
  CHECK(funding_error("fundingTime,fundingRate\n2024-13-19 08:00:00,0.0001\n")
        == "f.csv:2: fundingTime '2024-13-19 08:00:00' is neither YYYY-MM-DD HH:MM:SS[.ffffff] "
           "nor milliseconds");
  CHECK(funding_error("fundingTime,fundingRate\n\n2024-07-19 08:00:00,0.0001,7\n")
        == "f.csv:3: 3 columns, the header has 2");
  CHECK(funding_error("fundingTime,fundingRate\n2024-07-19 16:00:00,0.0001\n"
                      "2024-07-19 08:00:00,0.0001\n")
        == "f.csv:3: fundingTime 2024-07-19 08:00:00 is not after the row before");
  CHECK(funding_error("[\n  {\"time\": 1, \"rate\": 0.0001},\n  {\"time\": 2,\n   \"rate\": \"x\"}\n]")
        == "f.csv:3: entry 2: \"rate\" is not a decimal of at most 8 places");
  CHECK(funding_error("[{\"rate\": 0.0001}]")
        == "f.csv:1: entry 1: no millisecond \"time\" (expected fundingTime or time)");
  CHECK(funding_error("[1]") == "f.csv:1: entry 1 is not an object");
  CHECK(funding_error("[]") == "f.csv:1: no entries");
  CHECK(funding_error("[{") == "f.csv:1: not a JSON array");
}

TEST_CASE("open interest: the real hourly file and the openInterestHist body") {
  auto path =
    test::shared_data("futures_um/BTCUSDT-openInterestHist-1h-2026-03-05_2026-03-26.parsed.json");
  std::vector<oi_point> points;
  std::string error;
  REQUIRE(parse_open_interest_file(test::read_file(path), path, points, error));
  REQUIRE(points.size() == 500);
  CHECK(to_unix_ms(points.front().time) == 1772748000000); // 2026-03-05 22:00
  CHECK(points.front().open_interest == dec("83397.687"));
  REQUIRE(points.front().value);
  CHECK(*points.front().value == dec("5929801270.000561"));
  CHECK(points[1].open_interest == dec("83448.056"));
  CHECK(to_unix_ms(points.back().time) == 1774544400000); // 2026-03-26 17:00
  CHECK(points.back().open_interest == dec("87021.385"));

  REQUIRE(parse_open_interest_file(
    R"([{"symbol":"BTCUSDT","sumOpenInterest":"20403.63700000","sumOpenInterestValue":"150570784.07809979","timestamp":"1583127900000"}])",
    "hist.json", points, error));
  REQUIRE(points.size() == 1);
  CHECK(points[0].open_interest == dec("20403.637"));
  CHECK(to_unix_ms(points[0].time) == 1583127900000);
}

TEST_CASE("open interest: bad entries are refused with file and line") {
  CHECK(oi_error("time,oi\n1,2\n")
        == "oi.json:1: expected a JSON array (openInterestHist); CSV open interest files "
           "(data.binance.vision metrics) are not read");
  CHECK(oi_error("[\n{\"time\": 5, \"openInterest\": 1},\n{\"time\": 5, \"openInterest\": 2}\n]")
        == "oi.json:3: entry 2: time 1970-01-01T00:00:00Z is not after the entry before");
  CHECK(oi_error("[{\"time\": 5, \"openInterest\": -1}]")
        == "oi.json:1: entry 1: \"openInterest\" is not a non-negative decimal");
}

TEST_CASE("as of t: the last funding and open interest at or before t, never after") {
  derivs_history h;
  // Funding at 00:00, 08:00 (stamped 6 ms late, as Binance does) and 16:00.
  h.add_funding("BTCUSDT", {{ms(0), dec("0.0001")},
                            {ms(8 * hour + 6), dec("0.0002")},
                            {ms(16 * hour), dec("-0.0003")}});
  h.add_open_interest("BTCUSDT", {{ms(hour), dec("10"), std::nullopt},
                                  {ms(2 * hour), dec("11"), std::nullopt},
                                  {ms(3 * hour), dec("12"), dec("1200")}});
  CHECK_FALSE(h.funding_at("BTCUSDT", ms(-1)));
  CHECK_FALSE(h.funding_at("ETHUSDT", ms(hour)));
  CHECK(h.funding_at("BTCUSDT", ms(0))->rate == dec("0.0001"));
  CHECK(h.funding_at("BTCUSDT", ms(8 * hour + 5))->rate == dec("0.0001"));
  CHECK(h.funding_at("BTCUSDT", ms(8 * hour + 6))->rate == dec("0.0002"));
  CHECK(h.funding_at("BTCUSDT", ms(100 * hour))->rate == dec("-0.0003"));
  // The next funding comes from the schedule: the last one's hour plus
  // the interval before it.
  CHECK(to_unix_ms(*h.next_funding("BTCUSDT", ms(0))) == 8 * hour);
  CHECK(to_unix_ms(*h.next_funding("BTCUSDT", ms(9 * hour))) == 16 * hour);
  CHECK(to_unix_ms(*h.next_funding("BTCUSDT", ms(16 * hour))) == 24 * hour);
  CHECK(h.open_interest_at("BTCUSDT", ms(hour - 1), 5).empty());
  auto two = h.open_interest_at("BTCUSDT", ms(2 * hour + 59 * 60'000), 5);
  REQUIRE(two.size() == 2);
  CHECK(two.back().open_interest == dec("11"));
  auto last = h.open_interest_at("BTCUSDT", ms(10 * hour), 2);
  REQUIRE(last.size() == 2);
  CHECK(last.front().open_interest == dec("11"));
  CHECK(last.back().open_interest == dec("12"));
}

TEST_CASE("answers as of t read back through the monitor's own parsers") {
  derivs_history h;
  h.add_funding("BTCUSDT", {{ms(0), dec("0.0001")}, {ms(8 * hour), dec("-0.00025")}});
  h.add_open_interest("BTCUSDT", {{ms(hour), dec("80579.225"), std::nullopt},
                                  {ms(2 * hour), dec("80600.5"), dec("5000000000.25")}});
  CHECK(derivs_answers(h, "BTCUSDT", derivs_query::premium_index));
  CHECK(derivs_answers(h, "BTCUSDT", derivs_query::open_interest_hist));
  CHECK_FALSE(derivs_answers(h, "BTCUSDT", derivs_query::long_short_ratio));
  CHECK_FALSE(derivs_answers(h, "ETHUSDT", derivs_query::premium_index));

  std::string body, error;
  auto t = ms(8 * hour - 60'000); // 07:59: the 08:00 rate is not settled yet
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::premium_index, 1, t, dec("60000.5"), body,
                           error));
  std::vector<premium_index> premium;
  REQUIRE(parse_premium_index(body, premium, error));
  REQUIRE(premium.size() == 1);
  CHECK(premium[0].symbol == "BTCUSDT");
  CHECK(premium[0].funding_rate == Approx(0.0001));
  CHECK(premium[0].mark_price == Approx(60000.5));
  CHECK(to_unix_ms(premium[0].next_funding) == 8 * hour);
  CHECK(premium[0].time == t);
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::premium_index, 1, ms(8 * hour),
                           dec("60000.5"), body, error));
  REQUIRE(parse_premium_index(body, premium, error));
  CHECK(premium[0].funding_rate == Approx(-0.00025));
  CHECK(to_unix_ms(premium[0].next_funding) == 16 * hour);

  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::open_interest, 1, ms(hour + 1),
                           std::nullopt, body, error));
  open_interest_sample oi;
  REQUIRE(parse_open_interest(body, oi, error));
  CHECK(oi.open_interest == Approx(80579.225));
  CHECK(to_unix_ms(oi.time) == hour);
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::open_interest_hist, 30, ms(3 * hour),
                           std::nullopt, body, error));
  std::vector<open_interest_sample> hist;
  REQUIRE(parse_open_interest_hist(body, hist, error));
  REQUIRE(hist.size() == 2);
  CHECK(hist[1].open_interest == Approx(80600.5));

  // Nothing at or before t: an error, never a later value.
  CHECK_FALSE(derivs_answer_at(h, "BTCUSDT", derivs_query::open_interest, 1, ms(hour - 1),
                               std::nullopt, body, error));
  CHECK(error == "the open interest file of BTCUSDT has no point at or before 1970-01-01T00:59:59Z");
  CHECK_FALSE(derivs_answer_at(h, "BTCUSDT", derivs_query::premium_index, 1, ms(hour),
                               std::nullopt, body, error));
  CHECK(error == "no replayed price of BTCUSDT at or before 1970-01-01T01:00:00Z");
  CHECK(target_limit("/futures/data/openInterestHist?symbol=X&period=5m&limit=13", 1) == 13);
  CHECK(target_limit("/fapi/v1/openInterest?symbol=X", 1) == 1);
}

TEST_CASE("file specs name their symbol; a second file of a kind is refused") {
  std::string path;
  CHECK(derivs_spec_symbol("/d/futures_um/BTCUSDT-fundingRate-2024.csv", path) == "BTCUSDT");
  CHECK(path == "/d/futures_um/BTCUSDT-fundingRate-2024.csv");
  CHECK(derivs_spec_symbol("AVAXUSDT=/tmp/f.csv", path) == "AVAXUSDT");
  CHECK(path == "/tmp/f.csv");
  CHECK(derivs_spec_symbol("/tmp/funding.csv", path).empty());
  auto real = test::shared_data("futures_um/BTCUSDT-fundingRate-2024-07-19_2025-06-17.csv");
  derivs_history h;
  std::string error;
  CHECK_FALSE(h.load({real, real}, {}, {}, error));
  CHECK(error == real + ": a second funding file for BTCUSDT");
  derivs_history missing;
  CHECK_FALSE(missing.load({"BTCUSDT=/nonexistent/f.csv"}, {}, {}, error));
  CHECK(error == "cannot read /nonexistent/f.csv");
}

// -- the global long/short account ratio -------------------------------------

TEST_CASE("long/short ratio: the real re-encoded hourly file, every point as published") {
  auto path = test::shared_data(
    "futures_um/BTCUSDT-globalLongShortAccountRatio-1h-2026-03-05_2026-03-26.parsed.json");
  std::vector<long_short_point> points;
  std::string error;
  REQUIRE(parse_long_short_file(test::read_file(path), path, points, error));
  REQUIRE(points.size() == 500);
  CHECK(to_unix_ms(points.front().time) == 1772748000000); // 2026-03-05 22:00
  CHECK(points.front().ratio == 1.1645);
  CHECK(points.front().long_account == 0.538);
  CHECK(points.front().short_account == 0.462);
  CHECK(points[1].ratio == 1.1706);
  CHECK(to_unix_ms(points.back().time) == 1774544400000); // 2026-03-26 17:00
  CHECK(points.back().ratio == 2.003);
  CHECK(points.back().long_account == 0.667);
  for (size_t i = 1; i < points.size(); ++i)
    CHECK(points[i].time - points[i - 1].time == std::chrono::hours{1});
  // Loaded by its name's symbol.
  derivs_history h;
  REQUIRE(h.load({}, {}, {path}, error));
  CHECK(h.has_long_short("BTCUSDT"));
  CHECK_FALSE(h.has_funding("BTCUSDT"));
  CHECK(h.symbols() == std::vector<std::string>{"BTCUSDT"});
  CHECK(to_unix_ms(h.long_short_span("BTCUSDT")->second) == 1774544400000);
}

TEST_CASE("long/short ratio: the globalLongShortAccountRatio body and CSV files") {
  std::vector<long_short_point> points;
  std::string error;
  REQUIRE(parse_long_short_file(
    R"([{"symbol":"BTCUSDT","longShortRatio":"0.1960","longAccount":"0.6622",)"
    R"("shortAccount":"0.3378","timestamp":1583139600000},)"
    "\n"
    R"({"symbol":"BTCUSDT","longShortRatio":"1.9559","longAccount":"0.6617",)"
    R"("shortAccount":"0.3383","timestamp":"1583139900000"}])",
    "body.json", points, error));
  REQUIRE(points.size() == 2);
  CHECK(points[0].ratio == 0.196);
  CHECK(points[0].long_account == 0.6622);
  CHECK(points[0].short_account == 0.3378);
  CHECK(to_unix_ms(points[1].time) == 1583139900000);
  CHECK(points[1].ratio == 1.9559);

  // CSV: the REST names, CRLF, a date-time with fraction, an extra column.
  REQUIRE(parse_long_short_file("symbol,timestamp,longShortRatio,longAccount,shortAccount\r\n"
                                "BTCUSDT,2024-02-01 00:00:00,1.5,0.6,0.4\r\n"
                                "BTCUSDT,2024-02-01 01:00:00.250,2.0,0.6667,0.3333\r\n",
                                "r.csv", points, error));
  REQUIRE(points.size() == 2);
  CHECK(to_unix_ms(points[0].time) == 1706745600000);
  CHECK(to_unix_ms(points[1].time) == 1706745600000 + hour + 250);
  CHECK(points[1].ratio == 2.0);
  CHECK(points[1].short_account == 0.3333);
  // The re-encoded names, in another order, epoch milliseconds.
  REQUIRE(parse_long_short_file("shortAccount,longAccount,ratio,time\n"
                                "0.5,0.5,1,1706745600000\n",
                                "r.csv", points, error));
  REQUIRE(points.size() == 1);
  CHECK(points[0].ratio == 1.0);
  CHECK(to_unix_ms(points[0].time) == 1706745600000);
}

TEST_CASE("long/short ratio: bad rows and entries are refused with file and line") {
  CHECK(ratio_error("") == "r.csv:1: empty file");
  CHECK(ratio_error("timestamp,longShortRatio,longAccount\n1,1,1\n")
        == "r.csv:1: expected a header naming timestamp (or time), longShortRatio (or ratio), "
           "longAccount and shortAccount; no column shortAccount");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n")
        == "r.csv:1: no long/short ratio rows after the header");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n1000,1,0.5,0.5\n2000,1,0.5\n")
        == "r.csv:3: 3 columns, the header has 4");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n2024-02-30x,1,0.5,0.5\n")
        == "r.csv:2: time '2024-02-30x' is neither YYYY-MM-DD HH:MM:SS[.ffffff] nor "
           "milliseconds");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n1000,-1,0.5,0.5\n")
        == "r.csv:2: ratio '-1' is not a non-negative number");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n1000,1,nan,0.5\n")
        == "r.csv:2: longAccount 'nan' is not a non-negative number");
  CHECK(ratio_error("time,ratio,longAccount,shortAccount\n1000,1,0.5,0.5\n\n1000,2,0.6,0.4\n")
        == "r.csv:4: time 1000 is not after the row before");
  CHECK(ratio_error("[\n{\"time\": 5, \"ratio\": 1, \"longAccount\": 0.5, \"shortAccount\": "
                    "0.5},\n{\"time\": 4, \"ratio\": 1, \"longAccount\": 0.5, "
                    "\"shortAccount\": 0.5}\n]",
                    "r.json")
        == "r.json:3: entry 2: time 1970-01-01T00:00:00Z is not after the entry before");
  CHECK(ratio_error("[{\"time\": 5, \"ratio\": 1, \"longAccount\": 0.5}]", "r.json")
        == "r.json:1: entry 1: \"shortAccount\" is not a non-negative number");
  CHECK(ratio_error(R"([{"timestamp":5,"longShortRatio":"x","longAccount":"0.5",)"
                    R"("shortAccount":"0.5"}])",
                    "r.json")
        == "r.json:1: entry 1: \"longShortRatio\" is not a non-negative number");
  CHECK(ratio_error("[{\"ratio\": 1, \"longAccount\": 0.5, \"shortAccount\": 0.5}]", "r.json")
        == "r.json:1: entry 1: no millisecond \"time\" (expected timestamp or time)");
  // A second file for a symbol, named like the others.
  auto real = test::shared_data(
    "futures_um/BTCUSDT-globalLongShortAccountRatio-1h-2026-03-05_2026-03-26.parsed.json");
  derivs_history h;
  std::string error;
  CHECK_FALSE(h.load({}, {}, {real, "BTCUSDT=" + real}, error));
  CHECK(error == "BTCUSDT=" + real + ": a second long/short ratio file for BTCUSDT");
}

TEST_CASE("long/short ratio as of t: the points at or before t, never a later one") {
  derivs_history h;
  h.add_long_short("BTCUSDT", {{ms(hour), 1.5, 0.6, 0.4},
                               {ms(2 * hour), 2.0, 0.6667, 0.3333},
                               {ms(3 * hour), 0.25, 0.2, 0.8}});
  CHECK(derivs_answers(h, "BTCUSDT", derivs_query::long_short_ratio));
  CHECK_FALSE(derivs_answers(h, "ETHUSDT", derivs_query::long_short_ratio));
  CHECK_FALSE(derivs_answers(h, "BTCUSDT", derivs_query::premium_index));
  CHECK(h.long_short_at("BTCUSDT", ms(hour - 1), 5).empty());
  CHECK(h.long_short_at("ETHUSDT", ms(10 * hour), 5).empty());
  auto one = h.long_short_at("BTCUSDT", ms(hour), 5);
  REQUIRE(one.size() == 1);
  CHECK(one[0].ratio == 1.5);
  auto two = h.long_short_at("BTCUSDT", ms(3 * hour - 1), 5);
  REQUIRE(two.size() == 2);
  CHECK(two.back().ratio == 2.0);
  auto last = h.long_short_at("BTCUSDT", ms(10 * hour), 2);
  REQUIRE(last.size() == 2);
  CHECK(last.front().ratio == 2.0);
  CHECK(last.back().ratio == 0.25);

  // The monitor's question at 02:59:59.999: the 03:00 point is not there.
  std::string body, error;
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::long_short_ratio,
                           target_limit("/futures/data/globalLongShortAccountRatio?symbol="
                                        "BTCUSDT&period=5m&limit=30",
                                        1),
                           ms(3 * hour - 1), std::nullopt, body, error));
  std::vector<long_short_sample> answer;
  REQUIRE(parse_long_short_ratio(body, answer, error));
  REQUIRE(answer.size() == 2);
  CHECK(answer[0].symbol == "BTCUSDT");
  CHECK(answer[0].ratio == 1.5);
  CHECK(answer[1].ratio == 2.0);
  CHECK(answer[1].long_account == 0.6667);
  CHECK(answer[1].short_account == 0.3333);
  CHECK(to_unix_ms(answer[1].time) == 2 * hour);
  // Exactly at 03:00 it is.
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::long_short_ratio, 1, ms(3 * hour),
                           std::nullopt, body, error));
  REQUIRE(parse_long_short_ratio(body, answer, error));
  REQUIRE(answer.size() == 1);
  CHECK(answer[0].ratio == 0.25);
  // Before the first point: no point, which the monitor's book refuses.
  REQUIRE(derivs_answer_at(h, "BTCUSDT", derivs_query::long_short_ratio, 30, ms(hour - 1),
                           std::nullopt, body, error));
  CHECK(body == "[]");
  // Values a shortest text would write with an exponent come in fixed form.
  derivs_history tiny;
  tiny.add_long_short("BTCUSDT", {{ms(0), 0.00001, 0.000001, 1e20}});
  REQUIRE(derivs_answer_at(tiny, "BTCUSDT", derivs_query::long_short_ratio, 1, ms(0),
                           std::nullopt, body, error));
  CHECK(body.find("e-") == std::string::npos);
  CHECK(body.find("e+") == std::string::npos);
  CHECK(body.find(R"("longShortRatio":"0.00001","longAccount":"0.000001",)"
                  R"("shortAccount":"100000000000000000000")")
        != std::string::npos);
  REQUIRE(parse_long_short_ratio(body, answer, error));
  REQUIRE(answer.size() == 1);
  CHECK(answer[0].ratio == 0.00001);
  CHECK(answer[0].long_account == 0.000001);
  CHECK(answer[0].short_account == 1e20);
}
