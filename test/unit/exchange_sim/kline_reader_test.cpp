// The kline reader a row at a time over the real files: the same rows the
// whole-file loader reads, line numbers, bounds from the file's tail and
// counts from the time column.

#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/kline_reader.hpp"

#include <filesystem>
#include <fstream>

using namespace tn::sim;
using namespace tn::sim::test;

namespace {

/// Every row of `relative` through the reader, checked against the loader.
void same_as_loader(const std::string& relative, uint64_t last_line) {
  auto series = load(relative);
  kline_reader reader;
  std::string error;
  REQUIRE(reader.open(data_path(relative), error));
  kline_row row;
  size_t i = 0;
  auto at = [&](const parsed_decimal& d, int scale) { return rescale(d.digits, d.decimals, scale); };
  while (reader.next(row, error)) {
    REQUIRE(i < series.bars.size());
    auto& k = series.bars[i++];
    CHECK(row.open_time == k.open_time);
    CHECK(row.close_time == k.close_time);
    CHECK(at(row.open, series.scale.price) == k.open);
    CHECK(at(row.low, series.scale.price) == k.low);
    CHECK(at(row.close, series.scale.price) == k.close);
    CHECK(at(row.volume, series.scale.qty) == k.volume);
    CHECK(at(row.taker_quote, series.scale.quote) == k.taker_quote);
    CHECK(row.trades == k.trades);
  }
  CHECK(error.empty());
  CHECK(i == series.bars.size());
  CHECK(reader.line() == last_line);
}

} // namespace

TEST_CASE("kline reader reads spot, futures and REST files as the loader does") {
  same_as_loader("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv", 1440);
  same_as_loader("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv", 41761); // the header is line 1
  same_as_loader("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json", 1000);
}

TEST_CASE("kline file bounds and counts come from the tail and the time column") {
  int64_t first = 0;
  int64_t last = 0;
  std::string error;
  auto spot = data_path("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  REQUIRE(kline_file_bounds(spot, first, last, error));
  CHECK(first == 1752364800000);
  CHECK(last == 1752364800000 + 1439 * minute_ms);
  auto futures = data_path("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv");
  REQUIRE(kline_file_bounds(futures, first, last, error));
  CHECK(first == 1706745600000);
  CHECK(last == 1706745600000 + 41759 * minute_ms);
  auto json = data_path("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json");
  REQUIRE(kline_file_bounds(json, first, last, error));
  CHECK(first == 1725416820000);
  CHECK(last == 1725416820000 + 999 * minute_ms);

  uint64_t n = 0;
  REQUIRE(count_klines(spot, 0, INT64_MAX, n, error));
  CHECK(n == 1440);
  REQUIRE(count_klines(spot, 1752364800000 + 60 * minute_ms, 1752364800000 + 119 * minute_ms, n,
                       error));
  CHECK(n == 60);
  REQUIRE(count_klines(futures, 1706745600000, 1706745600000 + 1439 * minute_ms, n, error));
  CHECK(n == 1440);
  REQUIRE(count_klines(json, 1725416820000 + 10 * minute_ms, INT64_MAX, n, error));
  CHECK(n == 990);
}

TEST_CASE("kline reader names the file and line of a bad row") {
  auto dir = std::filesystem::temp_directory_path() / "tn_kline_reader_test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "bad.csv").string();
  {
    std::ofstream out{path, std::ios::binary};
    out << "0,1,1,1,1,1,59999,1,1,1,1,0\r\n\r\n" << std::string(300'000, '1') << "\n";
  }
  kline_reader reader;
  std::string error;
  REQUIRE(reader.open(path, error));
  kline_row row;
  REQUIRE(reader.next(row, error));
  CHECK(reader.line() == 1);
  CHECK_FALSE(reader.next(row, error));
  CHECK(error == path + ":3: not a kline row (longer than 262144 characters)");

  CHECK_FALSE(reader.open((dir / "missing.csv").string(), error));
  CHECK(error.find("cannot open ") == 0);

  {
    std::ofstream out{path, std::ios::binary};
    out << "[[0,\"1\",\"1\",\"1\",\"1\",\"1\",59999,\"1\",1,\"1\",\"1\",\"0\"],[60000,\"1\"]]";
  }
  CHECK_FALSE(reader.open(path, error));
  CHECK(error == path + ": row 2: not a kline row");
  {
    std::ofstream out{path, std::ios::binary};
    out << "[[0,\"1\",\"1\",\"1\",\"1\",\"1\",59999,\"1\",1,\"1\",\"1\",\"0\"],"
        << "[0,\"1\",\"1\",\"1\",\"1\",\"1\",59999,\"1\",1,\"1\",\"1\",\"0\"]]";
  }
  REQUIRE(reader.open(path, error));
  REQUIRE(reader.next(row, error));
  CHECK_FALSE(reader.next(row, error));
  CHECK(error == path + ": row 2: open time not after the previous row's");
}
