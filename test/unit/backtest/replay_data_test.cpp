// The replayed bars streamed from the files: minute by minute over every
// symbol, joined across files of one symbol and merged across symbols;
// errors naming file and line; and the history, which never shows a bar
// after the asking time and never holds more than its depth.

#include "actors/market_replay/backtest_config.hpp"
#include "actors/market_replay/replay_data.hpp"
#include "actors/market_store/aggregate.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace tn;

namespace {

constexpr timespan one_minute = std::chrono::minutes{1};

std::string spot(const std::string& name) {
  return std::string{TN_SHARED_DATA} + "/spot/klines_1m/" + name;
}

timestamp at(const std::string& text) {
  timestamp t;
  REQUIRE(parse_utc_time(text, t));
  return t;
}

/// Walks `cursor` until its event closing at `t`, collecting the bars.
void walk_to(replay_cursor& cursor, timestamp t, std::vector<candle>* seen = nullptr) {
  timestamp now;
  std::vector<candle> closed;
  do {
    REQUIRE(cursor.next(now, closed));
    if (seen != nullptr)
      seen->insert(seen->end(), closed.begin(), closed.end());
  } while (now < t);
  REQUIRE(now == t);
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("tn_replay_data_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// 2025-07-13 plus `minute` minutes, in ms.
int64_t minute_ms(int minute) {
  return 1'752'364'800'000 + int64_t{minute} * 60'000;
}

/// A dump CSV row of the bar opening at `minute`, its close `close`;
/// `micros` writes the times in µs as spot dumps from 2025 on do.
std::string row(int minute, const std::string& close, bool micros = false) {
  auto open = minute_ms(minute);
  auto unit = micros ? int64_t{1000} : int64_t{1};
  auto end = micros ? (open + 60'000) * 1000 - 1 : open + 59'999;
  return std::to_string(open * unit) + ",10.0,20.0,5.0," + close + ",1.5,"
         + std::to_string(end) + ",15.0,3,0.5,5.0,0\n";
}

std::string write(const std::filesystem::path& dir, const std::string& name,
                  const std::string& text) {
  auto path = (dir / name).string();
  std::ofstream{path, std::ios::binary} << text;
  return path;
}

/// The symbols of each event, as "SYM SYM" by event, and the events' times.
struct walk {
  std::vector<std::string> symbols;
  std::vector<timestamp> times;
};

walk walk_all(replay_cursor& cursor) {
  walk w;
  timestamp t;
  std::vector<candle> closed;
  while (cursor.next(t, closed)) {
    std::string names;
    for (auto& c : closed)
      names += (names.empty() ? "" : " ") + c.symbol;
    w.symbols.push_back(names);
    w.times.push_back(t);
  }
  return w;
}

} // namespace

TEST_CASE("replay data walks two real spot days minute by minute") {
  replay_data data;
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv"), spot("SOLUSDT-1m-2025-07-13.csv")},
                    error));
  CHECK(data.symbols() == std::vector<std::string>{"BTCUSDT", "SOLUSDT"});
  CHECK(data.first_open() == at("2025-07-13"));
  CHECK(data.last_close() == at("2025-07-14"));
  {
    replay_cursor whole{data, data.first_open(), data.last_close()};
    CHECK(whole.total() == 2880);
    timestamp t;
    std::vector<candle> closed;
    REQUIRE(whole.next(t, closed));
    REQUIRE(closed.size() == 2);
    CHECK(closed[0].open == 117420.0);
    // The nearest double to the written decimal, as strtod gives it.
    CHECK(closed[0].quote_volume == std::strtod("92325.73049990", nullptr));
    CHECK(closed[0].trades == 975);
    CHECK(closed[0].closed);
  }

  replay_cursor cursor{data, at("2025-07-13T06:00"), at("2025-07-13T07:00")};
  CHECK(cursor.total() == 120);
  timestamp t;
  std::vector<candle> closed;
  REQUIRE(cursor.next(t, closed));
  CHECK(t == at("2025-07-13T06:01"));
  REQUIRE(closed.size() == 2);
  CHECK(closed[0].symbol == "BTCUSDT");
  CHECK(closed[1].symbol == "SOLUSDT");
  CHECK(closed[0].open_time == at("2025-07-13T06:00"));
  auto batch = closed_batch(closed, t);
  REQUIRE(batch.ticks.size() == 2);
  CHECK(batch.ticks[0].ts_event == t);
  CHECK(batch.ticks[0].bar_open == closed[0].open_time);
  CHECK(batch.ticks[0].price == closed[0].close);
  CHECK(batch.closed.size() == 2);
  size_t events = 1;
  while (cursor.next(t, closed))
    ++events;
  CHECK(events == 60);
  CHECK(t == at("2025-07-13T07:00"));
  CHECK(cursor.done() == 120);
  CHECK(cursor.error().empty());
}

TEST_CASE("replay history shows only bars closed by the asking time") {
  replay_data data;
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv")}, error));
  replay_cursor cursor{data, at("2025-07-13"), at("2025-07-14")};
  std::vector<candle> minutes;
  walk_to(cursor, at("2025-07-13T06:00"), &minutes);
  bar_request m1{"BTCUSDT", interval::m1, at("2025-07-13T05:00"), at("2025-07-13T06:59")};
  auto bars = data.history(m1, at("2025-07-13T06:00"));
  REQUIRE(bars.size() == 60);
  CHECK(bars.back().open_time == at("2025-07-13T05:59"));
  walk_to(cursor, at("2025-07-13T06:07"), &minutes);
  bar_request fives{"BTCUSDT", interval::m5, at("2025-07-13T05:00"), at("2025-07-13T06:55")};
  auto agg = data.history(fives, at("2025-07-13T06:07"));
  REQUIRE(agg.size() == 13);
  CHECK(agg.back().open_time == at("2025-07-13T06:00"));
  CHECK(agg.back().span == interval::m5);
  REQUIRE(minutes.size() == 367);
  auto& six = minutes[360];
  REQUIRE(six.open_time == at("2025-07-13T06:00"));
  CHECK(agg.back().open == six.open);
  CHECK(agg.back().close == minutes[364].close);
  // A day needs every one of its minutes, closed.
  walk_to(cursor, at("2025-07-13T23:59"), &minutes);
  bar_request day{"BTCUSDT", interval::d1, at("2025-07-13"), at("2025-07-13")};
  CHECK(data.history(day, at("2025-07-13T23:59")).empty());
  walk_to(cursor, at("2025-07-14"), &minutes);
  auto whole = data.history(day, at("2025-07-14"));
  REQUIRE(whole.size() == 1);
  CHECK(whole[0].close == Approx(119086.64));
  CHECK(whole[0].low == Approx(117224.79));
  // Built as the market store builds it, to the bit.
  REQUIRE(minutes.size() == 1440);
  auto built = aggregate(minutes, interval::d1, at("2025-07-13"));
  REQUIRE(built);
  CHECK(whole[0].open == built->open);
  CHECK(whole[0].high == built->high);
  CHECK(whole[0].volume == built->volume);
  CHECK(whole[0].quote_volume == built->quote_volume);
  CHECK(whole[0].taker_buy_volume == built->taker_buy_volume);
  CHECK(whole[0].trades == built->trades);
}

TEST_CASE("replay history includes the bar closing at the asking time and no later one") {
  replay_data data;
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv")}, error));
  replay_cursor cursor{data, at("2025-07-13T01:00"), at("2025-07-14")};
  walk_to(cursor, at("2025-07-13T02:00"));
  bar_request m1{"BTCUSDT", interval::m1, at("2025-07-13T01:00"), at("2025-07-13T03:00")};
  // Passed and closed at 02:00 exactly: in. The next bar, read ahead, is
  // not passed: out.
  auto now = data.history(m1, at("2025-07-13T02:00"));
  REQUIRE(now.size() == 60);
  CHECK(now.back().open_time == at("2025-07-13T01:59"));
  // Asked as of an earlier time, the bars passed since stay out.
  walk_to(cursor, at("2025-07-13T02:05"));
  auto before = data.history(m1, at("2025-07-13T02:00"));
  REQUIRE(before.size() == 60);
  CHECK(before.back().open_time == at("2025-07-13T01:59"));
  CHECK(data.history(m1, at("2025-07-13T02:00") - timespan{1}).back().open_time
        == at("2025-07-13T01:58"));
  // The warm-up: the bars before the range were passed when the walk began.
  bar_request warm{"BTCUSDT", interval::m1, at("2025-07-13T00:00"), at("2025-07-13T00:59")};
  CHECK(data.history(warm, at("2025-07-13T02:05")).size() == 60);
  bar_request hour{"BTCUSDT", interval::h1, at("2025-07-13T00:00"), at("2025-07-13T02:00")};
  CHECK(data.history(hour, at("2025-07-13T02:05")).size() == 2);
}

TEST_CASE("replay history holds no more than its depth of bars per interval") {
  replay_data data{50};
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv")}, error));
  replay_cursor cursor{data, at("2025-07-13"), at("2025-07-14")};
  timestamp t;
  std::vector<candle> closed;
  size_t most = 0;
  while (cursor.next(t, closed))
    most = std::max(most, data.retained());
  CHECK(cursor.done() == 1440);
  // 1m, 5m and 15m rings full at 50; the day's 24 hours, 6 four-hour bars
  // and 1 day below it.
  CHECK(data.retained() == 50 + 50 + 50 + 24 + 6 + 1);
  CHECK(most == data.retained());
  bar_request m1{"BTCUSDT", interval::m1, at("2025-07-13"), at("2025-07-13T23:59")};
  auto kept = data.history(m1, at("2025-07-14"));
  REQUIRE(kept.size() == 50);
  CHECK(kept.front().open_time == at("2025-07-13T23:10"));
}

TEST_CASE("replay merges symbols by close time across files with gaps and formats") {
  auto dir = fresh_dir("merge");
  // AAAUSDT: minutes 0-9, a spot dump (ms). BBBUSDT: two futures dumps
  // (header), minutes 5-7 and 10-13, given in reverse order. CCCUSDT: a
  // /api/v3/klines body, minutes 3-6, named by SYMBOL=path. XYZUSDT: a spot
  // dump in µs, minutes 12-15.
  std::string aaa;
  for (int m = 0; m < 10; ++m)
    aaa += row(m, "11.0");
  std::string header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
                       "taker_buy_volume,taker_buy_quote_volume,ignore\n";
  std::string b1 = header;
  for (int m = 5; m < 8; ++m)
    b1 += row(m, "12.0");
  std::string b2 = header;
  for (int m = 10; m < 14; ++m)
    b2 += row(m, "13.0");
  std::string ccc = "[";
  for (int m = 3; m < 7; ++m)
    ccc += std::string{m > 3 ? "," : ""} + "[" + std::to_string(minute_ms(m))
           + ",\"10.0\",\"20.0\",\"5.0\",\"14.0\",\"1.5\"," + std::to_string(minute_ms(m) + 59'999)
           + ",\"15.0\",3,\"0.5\",\"5.0\",\"0\"]";
  ccc += "]";
  std::string xyz;
  for (int m = 12; m < 16; ++m)
    xyz += row(m, "15.0", true);
  replay_data data;
  std::string error;
  REQUIRE(data.load({write(dir, "AAAUSDT-1m.csv", aaa), write(dir, "BBBUSDT-1m-b.csv", b2),
                     write(dir, "BBBUSDT-1m-a.csv", b1),
                     "CCCUSDT=" + write(dir, "klines.json", ccc),
                     write(dir, "XYZUSDT-1m.csv", xyz)},
                    error));
  CHECK(data.symbols() == std::vector<std::string>{"AAAUSDT", "BBBUSDT", "CCCUSDT", "XYZUSDT"});
  CHECK(data.first_open() == timestamp{std::chrono::milliseconds{minute_ms(0)}});
  CHECK(data.last_close() == timestamp{std::chrono::milliseconds{minute_ms(16)}});

  replay_cursor all{data, data.first_open(), data.last_close()};
  CHECK(all.total() == 10 + 3 + 4 + 4 + 4);
  auto w = walk_all(all);
  CHECK(all.error().empty());
  CHECK(all.done() == 25);
  std::vector<std::string> expected{"AAAUSDT",
                                    "AAAUSDT",
                                    "AAAUSDT",
                                    "AAAUSDT CCCUSDT",
                                    "AAAUSDT CCCUSDT",
                                    "AAAUSDT BBBUSDT CCCUSDT",
                                    "AAAUSDT BBBUSDT CCCUSDT",
                                    "AAAUSDT BBBUSDT",
                                    "AAAUSDT",
                                    "AAAUSDT",
                                    "BBBUSDT",
                                    "BBBUSDT",
                                    "BBBUSDT XYZUSDT",
                                    "BBBUSDT XYZUSDT",
                                    "XYZUSDT",
                                    "XYZUSDT"};
  CHECK(w.symbols == expected);
  REQUIRE(w.times.size() == 16);
  for (size_t i = 0; i < w.times.size(); ++i)
    CHECK(w.times[i] == timestamp{std::chrono::milliseconds{minute_ms(static_cast<int>(i) + 1)}});

  // A range: minutes 6-11 replayed, 0-5 the warm-up.
  auto t = [](int m) { return timestamp{std::chrono::milliseconds{minute_ms(m)}}; };
  replay_cursor part{data, t(6), t(12)};
  CHECK(part.total() == 4 + 2 + 2 + 1);
  auto p = walk_all(part);
  CHECK(p.symbols.front() == "AAAUSDT BBBUSDT CCCUSDT");
  CHECK(p.times.front() == t(7));
  CHECK(p.times.back() == t(12));
  CHECK(part.done() == part.total());
  bar_request warm{"BBBUSDT", interval::m1, t(0), t(20)};
  auto seen = data.history(warm, t(12));
  REQUIRE(seen.size() == 5); // 5, 6, 7, 10, 11
  CHECK(seen[3].open_time == t(10));
  CHECK(seen[3].close == 13.0);
  // A range without bars.
  replay_cursor none{data, t(30), t(40)};
  CHECK(none.total() == 0);
  timestamp when;
  std::vector<candle> closed;
  CHECK_FALSE(none.next(when, closed));
}

TEST_CASE("replay reports bad files with file and line") {
  auto dir = fresh_dir("errors");
  replay_data data;
  std::string error;
  SECTION("a bad row, met while walking") {
    auto path = write(dir, "AAAUSDT-1m.csv", row(0, "11.0") + row(1, "11.0") + "\n"
                                                 + row(2, "11.0").replace(20, 3, "x.0")
                                                 + row(3, "11.0"));
    REQUIRE(data.load({path}, error));
    replay_cursor cursor{data, data.first_open(), data.last_close()};
    CHECK(cursor.error().empty());
    auto w = walk_all(cursor);
    CHECK(w.times.size() == 2);
    CHECK(cursor.error() == path + ":4: not a kline row");
  }
  SECTION("a row out of time order") {
    auto path = write(dir, "AAAUSDT-1m.csv", row(0, "11.0") + row(2, "11.0") + row(1, "11.0")
                                                 + row(3, "11.0"));
    REQUIRE(data.load({path}, error));
    replay_cursor cursor{data, data.first_open(), data.last_close()};
    walk_all(cursor);
    CHECK(cursor.error() == path + ":3: open time not after the previous row's");
  }
  SECTION("a repeated row in the warm-up, before the range") {
    auto path = write(dir, "AAAUSDT-1m.csv", row(0, "11.0") + row(0, "11.0") + row(1, "11.0"));
    REQUIRE(data.load({path}, error));
    replay_cursor cursor{data, timestamp{std::chrono::milliseconds{minute_ms(1)}},
                         data.last_close()};
    CHECK(cursor.error() == path + ":2: open time not after the previous row's");
  }
  SECTION("a bar that is not 1m") {
    auto text = row(0, "11.0");
    text.replace(text.find(",1.5,") + 5, 13, std::to_string(minute_ms(0) + 3'599'999));
    auto path = write(dir, "AAAUSDT-1m.csv", text);
    CHECK_FALSE(data.load({path}, error));
    CHECK(error == path + ":1: not a 1m bar (close time - open time != 59999 ms)");
  }
  SECTION("two files of one symbol overlapping") {
    auto a = write(dir, "AAAUSDT-1m-a.csv", row(0, "11.0") + row(1, "11.0"));
    auto b = write(dir, "AAAUSDT-1m-b.csv", row(1, "11.0") + row(2, "11.0"));
    CHECK_FALSE(data.load({a, b}, error));
    CHECK(error == "AAAUSDT: " + b + " overlaps " + a
                     + " (its first bar opens at 2025-07-13T00:01:00Z, the other's last at "
                       "2025-07-13T00:01:00Z)");
  }
  SECTION("an unreadable file") {
    CHECK_FALSE(data.load({(dir / "AAAUSDT-missing.csv").string()}, error));
    CHECK(error.find("cannot open " + (dir / "AAAUSDT-missing.csv").string()) == 0);
  }
  SECTION("no symbol in the name") {
    CHECK_FALSE(data.load({(dir / "-x.csv").string()}, error));
    CHECK(error.find("no symbol") != std::string::npos);
  }
}

TEST_CASE("backtest times parse as UTC") {
  timestamp t;
  CHECK(parse_utc_time("1970-01-02", t));
  CHECK(t == timestamp{std::chrono::hours{24}});
  CHECK(parse_utc_time("2025-07-13T06:01:30Z", t));
  CHECK(parse_utc_time("2025-07-13 06:01", t));
  CHECK_FALSE(parse_utc_time("2025-07-13T6:01", t));
  CHECK_FALSE(parse_utc_time("2025-13-01", t));
  CHECK_FALSE(parse_utc_time("13/07/2025", t));
}
