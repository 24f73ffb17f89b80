// A futures backtest books funding: on the real AVAXUSDT USDⓈ-M 1m bars of
// 2024-02-01 to 03 with a funding file written by hand (../shared/data's
// funding files are BTCUSDT's, of other years), every funding time at which
// the run held a position pays or receives position x mark x rate, the
// mark being the close of the bar that ends at that time. The test
// computes each payment by hand from the fills, the kline file and the
// funding rows, and checks the journal, the report and funding.csv.

#include "test/unit/backtest/futures_fixture.hpp"

#include "runtime/time_format.hpp"

#include <iterator>
#include <map>
#include <vector>

using namespace tn;
using namespace tn::test_backtest;

namespace {

struct rate_row {
  const char* time; // as written in the file
  const char* rate;
};

// Every 8 hours over the run (04:00 on 02-01 to 12:00 on 02-03), some
// stamped a few milliseconds late as Binance stamps them. (With the config
// of configs/backtest.yaml the evaluator enters on 02-02 from 09:02 and
// holds over the last three.)
const rate_row rows[] = {
  {"2024-02-01 00:00:00", "0.00010000"},        {"2024-02-01 08:00:00.004000", "0.00023456"},
  {"2024-02-01 16:00:00", "-0.00005000"},       {"2024-02-02 00:00:00.003000", "0.00031000"},
  {"2024-02-02 08:00:00", "-0.00012000"},       {"2024-02-02 16:00:00.001000", "0.00010000"},
  {"2024-02-03 00:00:00", "0.00020000"},        {"2024-02-03 08:00:00", "-0.00020000"},
};

std::string write_rates(const fs::path& dir) {
  fs::create_directories(dir);
  auto path = dir / "AVAXUSDT-fundingRate-2024-02-01_02.csv";
  std::ofstream f{path, std::ios::binary};
  f << "fundingTime,fundingRate\r\n";
  for (auto& r : rows)
    f << r.time << "," << r.rate << "\r\n";
  return path.string();
}

timestamp at(const char* text) {
  // "YYYY-MM-DD HH:MM:SS[.ffffff]" -> the minute through parse_utc_time,
  // then the seconds and microseconds.
  std::string s{text};
  timestamp t;
  REQUIRE(parse_utc_time(s.substr(0, 10) + "T" + s.substr(11, 5), t));
  t += std::chrono::seconds{std::stoi(s.substr(17, 2))};
  if (s.size() > 19)
    t += std::chrono::microseconds{std::stoi(s.substr(20))};
  return t;
}

decimal dec(const std::string& text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

/// The closes of the AVAXUSDT bars by the time their tick is stamped (the
/// bar's open time plus a minute).
std::map<timestamp, decimal> closes_by_end() {
  std::ifstream f{futures_bars()};
  std::string line;
  std::map<timestamp, decimal> out;
  std::getline(f, line); // header
  while (std::getline(f, line)) {
    std::vector<std::string> cols;
    std::stringstream ss{line};
    for (std::string c; std::getline(ss, c, ',');)
      cols.push_back(c);
    REQUIRE(cols.size() >= 5);
    auto open = timestamp{std::chrono::milliseconds{std::stoll(cols[0])}};
    out[open + std::chrono::minutes{1}] = dec(cols[4]);
  }
  return out;
}

/// By hand: -(position x mark x rate), the notional rounded half away from
/// zero to 1e-8, then the payment to 1e-8 against the account (a debit up,
/// a credit down), in 128-bit integers of 1e-8.
decimal by_hand(decimal position, decimal mark, decimal rate) {
  using wide = __int128;
  const wide one = 100'000'000;
  wide q = position.units < 0 ? -wide{position.units} : wide{position.units};
  wide notional = (q * mark.units + one / 2) / one;
  wide r = rate.units < 0 ? -wide{rate.units} : wide{rate.units};
  bool pays = (position.units > 0) == (rate.units > 0);
  wide product = notional * r;
  wide amount = pays ? (product + one - 1) / one : product / one;
  return decimal::from_units(static_cast<int64_t>(pays ? -amount : amount));
}

} // namespace

TEST_CASE("a futures backtest books funding on the positions held at each funding time") {
  auto out = fresh_dir("futures-funding");
  auto files = fresh_dir("futures-funding-files");
  std::ostringstream log;
  auto r = backtest::run_backtest(futures_config(out, "2024-02-01T04:00", "2024-02-03T12:00",
                                                 {write_rates(files)}, {}),
                                  service_table(), log);
  INFO(log.str());
  REQUIRE(r);
  REQUIRE(r->market == "futures");

  auto closes = closes_by_end();
  std::vector<backtest::funding_row> expected;
  decimal total;
  for (auto& row : rows) {
    auto t = at(row.time);
    if (t <= r->from || t > r->to)
      continue;
    // The position: every fill before the funding time (one at it comes
    // after the settlement).
    decimal position;
    for (auto& f : r->fills)
      if (f.time < t)
        position += f.buy ? f.quantity : -f.quantity;
    if (position.is_zero())
      continue;
    // The mark: the close of the last bar whose tick is at or before t.
    auto bar = closes.upper_bound(t);
    REQUIRE(bar != closes.begin());
    auto mark = std::prev(bar)->second;
    auto rate = dec(row.rate);
    auto amount = by_hand(position, mark, rate);
    expected.push_back({t, "AVAXUSDT", position, mark, rate, amount});
    total += amount;
  }
  // The run held a position over at least one funding time, or the test
  // proves nothing.
  REQUIRE_FALSE(expected.empty());
  REQUIRE(r->funding.size() == expected.size());
  decimal booked, paid, received;
  for (size_t i = 0; i < expected.size(); ++i) {
    auto& got = r->funding[i];
    auto& want = expected[i];
    INFO("funding " << i << " at " << format_timestamp(want.time));
    CHECK(got.time == want.time);
    CHECK(got.symbol == want.symbol);
    CHECK(got.position == want.position);
    CHECK(got.mark_price == want.mark_price);
    CHECK(got.rate == want.rate);
    CHECK(got.amount == want.amount);
    booked += got.amount;
    (got.amount.is_negative() ? paid : received) += abs(got.amount);
  }
  CHECK(booked == total);

  // The account: the quote balance is the start, less what the fills
  // cost, plus what funding added; the final equity sample has it.
  decimal cash = r->starting_equity;
  for (auto& f : r->fills)
    cash += (f.buy ? -mul(f.quantity, f.price) : mul(f.quantity, f.price)) - f.fee;
  decimal held;
  for (auto& f : r->fills)
    held += f.buy ? f.quantity : -f.quantity;
  REQUIRE_FALSE(r->equity.empty());
  auto last_close = std::prev(closes.upper_bound(r->to))->second;
  CHECK(r->equity.back().equity == cash + total + mul(held, last_close));

  // The report and funding.csv.
  auto report = slurp(out / "report.json");
  CHECK(report.find("\"funding_paid\":\"" + to_string(paid) + "\"") != std::string::npos);
  CHECK(report.find("\"funding_received\":\"" + to_string(received) + "\"") != std::string::npos);
  CHECK(report.find("\"funding_net\":\"" + to_string(total) + "\"") != std::string::npos);
  CHECK(slurp(out / "report.html").find("Net funding") != std::string::npos);
  auto csv = slurp(out / "funding.csv");
  CHECK(csv.rfind("time,symbol,position,mark_price,rate,amount,quote_asset\n", 0) == 0);
  CHECK(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')) == expected.size() + 1);
  CHECK(csv.find(format_timestamp(expected.front().time) + ",AVAXUSDT,"
                 + to_string(expected.front().position) + ","
                 + to_string(expected.front().mark_price) + ","
                 + to_string(expected.front().rate) + "," + to_string(expected.front().amount)
                 + ",USDT\n")
        != std::string::npos);
}
