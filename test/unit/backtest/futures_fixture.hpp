#pragma once

// A futures backtest in tests: the real AVAXUSDT USDⓈ-M 1m bars of
// 2024-02-01 (../shared/data has no BTCUSDT futures bars, and its BTCUSDT
// funding, open interest and long/short ratio files cover other years),
// with funding, open interest and long/short ratio files written by hand
// for that day, so every value the monitor must show at a time is known.

#include "test/unit/backtest/backtest_fixture.hpp"

#include <fmt/format.h>

namespace tn::test_backtest {

inline std::string futures_bars() {
  return std::string{TN_SHARED_DATA} + "/futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv";
}

/// AVAXUSDT funding: 00:00 0.0001, 08:00 (stamped 4 ms late, as Binance
/// does) 0.00023456, 16:00 -0.00005; `after` replaces the rows after
/// 09:30 (the 16:00 one) when not empty.
inline std::string write_funding(const fs::path& dir, const std::string& after = {}) {
  fs::create_directories(dir);
  auto path = dir / "AVAXUSDT-fundingRate-2024-02-01.csv";
  std::ofstream f{path, std::ios::binary};
  f << "fundingTime,fundingRate\r\n"
    << "2024-01-31 16:00:00,0.00005000\r\n"
    << "2024-02-01 00:00:00,0.00010000\r\n"
    << "2024-02-01 08:00:00.004000,0.00023456\r\n"
    << (after.empty() ? std::string{"2024-02-01 16:00:00,-0.00005000\r\n"} : after);
  return path.string();
}

/// The hourly points of the open interest and long/short ratio files:
/// f(k, t, late) for k = 0 at 2024-01-31 20:00 up to k = 20 at 2024-02-01
/// 16:00, t in milliseconds, late when after 2024-02-01 09:30 (the points
/// a `changed` file replaces).
template <class F>
void each_hourly_point(F f) {
  const int64_t start = 1706731200000; // 2024-01-31 20:00
  for (int k = 0; k <= 20; ++k) {
    auto t = start + k * 3'600'000LL;
    f(k, t, t > 1706779800000);
  }
}

/// AVAXUSDT open interest, hourly from 2024-01-31 20:00 to 2024-02-01
/// 16:00: point k (k = 0 at 20:00) is 1000.25 + 10 k contracts, or
/// 5000.5 + k for the points after 09:30 when `changed`.
inline std::string write_open_interest(const fs::path& dir, bool changed = false) {
  fs::create_directories(dir);
  auto path = dir / "AVAXUSDT-openInterestHist-1h.json";
  std::ofstream f{path, std::ios::binary};
  f << "[\n";
  each_hourly_point([&](int k, int64_t t, bool late) {
    auto value = changed && late ? 5000.5 + k : 1000.25 + 10 * k;
    f << (k ? ",\n" : "") << "  {\"time\": " << t << ", \"openInterest\": " << value << "}";
  });
  f << "\n]\n";
  return path.string();
}

/// AVAXUSDT global long/short account ratio as a CSV, hourly from
/// 2024-01-31 20:00 to 2024-02-01 16:00: point k (k = 0 at 20:00) has the
/// ratio long_short_at(k), or 3 + k / 100 for the points after 09:30 when
/// `changed`.
inline double long_short_at(int k) {
  return (100 + k) / 100.0;
}

inline std::string write_long_short(const fs::path& dir, bool changed = false) {
  fs::create_directories(dir);
  auto path = dir / "AVAXUSDT-globalLongShortAccountRatio-1h.csv";
  std::ofstream f{path, std::ios::binary};
  f << "timestamp,longShortRatio,longAccount,shortAccount\n";
  each_hourly_point([&](int k, int64_t t, bool late) {
    auto ratio = changed && late ? (300 + k) / 100.0 : long_short_at(k);
    f << t << "," << fmt::format("{}", ratio) << "," << fmt::format("{}", ratio / (1 + ratio))
      << "," << fmt::format("{}", 1 / (1 + ratio)) << "\n";
  });
  return path.string();
}

/// configs/backtest.yaml over the AVAXUSDT bars with the futures rules and
/// the given derivatives files.
inline node_config futures_config(const fs::path& out, const std::string& from,
                                  const std::string& to, std::vector<std::string> funding,
                                  std::vector<std::string> open_interest,
                                  std::vector<std::string> long_short = {}) {
  auto cfg = config(out, from, to, {futures_bars()});
  auto& bt = cfg.section<backtest_config>();
  bt.exchange_info = std::string{TN_SHARED_DATA} + "/futures_um/exchangeInfo-2022-05-04.json";
  bt.funding = std::move(funding);
  bt.open_interest = std::move(open_interest);
  bt.long_short_ratio = std::move(long_short);
  return cfg;
}

/// The derivatives monitor's lines in the journal: event time and text.
inline std::vector<std::pair<timestamp, std::string>> derivatives_lines(const fs::path& journal) {
  sql::connection db{journal.string()};
  sql::statement st{db, "SELECT ts_ns, text FROM events WHERE topic = 'derivatives' ORDER BY id"};
  std::vector<std::pair<timestamp, std::string>> out;
  while (st.step())
    out.emplace_back(timestamp{timespan{st.int64_at(0)}}, st.text_at(1));
  return out;
}

} // namespace tn::test_backtest
