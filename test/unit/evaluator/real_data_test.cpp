// The default evaluator on the real February 2024 futures month: 1h bars
// aggregated from the 1m dump files, a decision every hour over a sliding
// window, longs opened on BUY and closed on SELL. Prints the measured
// figures ([real]).

#include "actors/evaluator/evaluator.hpp"
#include "actors/market_store/aggregate.hpp"

#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <map>

using namespace tn;

namespace {

const char* const futures_symbols[] = {"AVAXUSDT", "NEARUSDT", "FILUSDT", "ALGOUSDT"};

std::vector<candle> hourly(const std::vector<candle>& minutes) {
  std::vector<candle> result;
  for (size_t i = 0; i + 60 <= minutes.size(); i += 60) {
    std::vector<candle> hour(minutes.begin() + static_cast<std::ptrdiff_t>(i),
                             minutes.begin() + static_cast<std::ptrdiff_t>(i + 60));
    auto bar = aggregate(hour, interval::h1, minutes[i].open_time);
    REQUIRE(bar);
    result.push_back(*bar);
  }
  return result;
}

const std::vector<std::vector<candle>>& futures_month_hourly() {
  static const auto series = [] {
    std::vector<std::vector<candle>> result;
    for (std::string s : futures_symbols)
      result.push_back(hourly(test::read_dump_csv(
        test::shared_data("futures_um/klines_1m/" + s + "-1m-2024-02.csv"), s)));
    return result;
  }();
  return series;
}

struct replay_counts {
  std::map<trade_action, uint64_t> actions;
  uint64_t symbol_hours = 0;
  uint64_t entries = 0; // BUY while flat
  uint64_t exits = 0;   // SELL while long
  double exit_returns_pct = 0; // summed over the exits, fees ignored
  double max_pct = 0;

  uint64_t trades() const {
    return actions.at(trade_action::buy) + actions.at(trade_action::sell);
  }
};

/// A decision every hour on the last `window` bars of every symbol.
replay_counts replay(const evaluator_config& cfg, size_t window) {
  auto& series = futures_month_hourly();
  replay_counts r;
  r.actions = {{trade_action::buy, 0}, {trade_action::sell, 0}, {trade_action::hold, 0}};
  std::map<std::string, position_view> open;
  for (size_t end = window; end <= series.front().size(); ++end) {
    market_snapshot snap;
    snap.ts = series.front()[end - 1].open_time + std::chrono::hours{1};
    for (auto& bars : series) {
      symbol_snapshot sym;
      sym.symbol = bars.front().symbol;
      sym.last_price = bars[end - 1].close;
      sym.candles.push_back(
        {interval::h1, {bars.begin() + static_cast<std::ptrdiff_t>(end - window),
                        bars.begin() + static_cast<std::ptrdiff_t>(end)}});
      snap.symbols.push_back(std::move(sym));
    }
    for (auto& [symbol, pos] : open)
      snap.positions.push_back(pos);
    auto d = evaluate(snap, cfg);
    REQUIRE(d.decisions.size() == series.size());
    CHECK(d.reasoning.find("nan") == std::string::npos);
    for (size_t i = 0; i < d.decisions.size(); ++i) {
      auto& x = d.decisions[i];
      auto price = snap.symbols[i].last_price;
      ++r.symbol_hours;
      ++r.actions[x.action];
      REQUIRE(std::isfinite(x.position_pct));
      CHECK(x.position_pct >= 0);
      CHECK(x.position_pct <= cfg.max_position_pct);
      r.max_pct = std::max(r.max_pct, x.position_pct);
      REQUIRE(x.signals.size() == 5);
      for (auto& s : x.signals) {
        REQUIRE(std::isfinite(s.confidence));
        CHECK(s.confidence >= 0);
        CHECK(s.confidence <= 1);
      }
      auto held = open.count(x.symbol) > 0;
      if (x.action == trade_action::buy && !held && x.position_pct > 0) {
        ++r.entries;
        open[x.symbol] = position_view{x.symbol, 1, price, 0, snap.ts};
      } else if (x.action == trade_action::sell && held) {
        CHECK(x.position_pct == 0); // an exit targets flat
        ++r.exits;
        r.exit_returns_pct += 100.0 * (price / open[x.symbol].entry_price - 1.0);
        open.erase(x.symbol);
      }
    }
  }
  return r;
}

void report(const char* name, size_t window, const replay_counts& r) {
  auto pct = [&](uint64_t n) { return 100.0 * static_cast<double>(n) / r.symbol_hours; };
  std::printf("evaluator on %s, %zu-bar window: %llu symbol-hours: BUY %llu (%.1f %%), SELL %llu "
              "(%.1f %%), HOLD %llu (%.1f %%); %llu entries, %llu exits (returns summed %+.1f %%); "
              "max position_pct %.3f\n",
              name, window, static_cast<unsigned long long>(r.symbol_hours),
              static_cast<unsigned long long>(r.actions.at(trade_action::buy)),
              pct(r.actions.at(trade_action::buy)),
              static_cast<unsigned long long>(r.actions.at(trade_action::sell)),
              pct(r.actions.at(trade_action::sell)),
              static_cast<unsigned long long>(r.actions.at(trade_action::hold)),
              pct(r.actions.at(trade_action::hold)), static_cast<unsigned long long>(r.entries),
              static_cast<unsigned long long>(r.exits), r.exit_returns_pct, r.max_pct);
}

void check_sane(const replay_counts& r) {
  // It trades on some hours, but holds on most.
  CHECK(r.actions.at(trade_action::buy) > 0);
  CHECK(r.actions.at(trade_action::sell) > 0);
  CHECK(r.trades() * 2 < r.symbol_hours);
  CHECK(r.trades() * 50 > r.symbol_hours);
  CHECK(r.entries > 0);
  CHECK(r.exits > 0);
}

} // namespace

TEST_CASE("real futures month, 100 1h bars: trades on some hours, holds on most", "[real]") {
  auto& series = futures_month_hourly();
  REQUIRE(series.size() == 4);
  for (auto& s : series)
    REQUIRE(s.size() == 696); // 29 days
  auto r = replay(evaluator_config{}, 100);
  report("futures 2024-02", 100, r);
  check_sane(r);
}

TEST_CASE("real futures month, 24 1h bars (the trader's default): no trend, still sane",
          "[real]") {
  auto r = replay(evaluator_config{}, 24);
  report("futures 2024-02", 24, r);
  check_sane(r);
}
