#pragma once

// Paths to the shared Binance fixtures and small helpers for the tests.

#include "tools/exchange-sim/kline_load.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace tn::sim::test {

inline std::string data_path(const std::string& relative) {
  return std::string{TN_SHARED_DATA} + "/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline kline_series load(const std::string& relative) {
  kline_series s;
  std::string error;
  bool ok = load_klines(data_path(relative), s, error);
  INFO(error);
  REQUIRE(ok);
  return s;
}

/// A small valid series: `count` 1m bars from `start`, prices at 2 decimals.
inline kline_series tiny_series(const std::string& symbol, int64_t start, size_t count) {
  std::string csv;
  for (size_t i = 0; i < count; ++i) {
    auto t = start + static_cast<int64_t>(i) * 60000;
    auto p = std::to_string(100 + i);
    csv += std::to_string(t) + "," + p + ".00," + p + ".50," + p + ".00," + p + ".25,2.0,"
           + std::to_string(t + 59999) + ",200.5," + std::to_string(i + 1) + ",1.0,100.25,0\n";
  }
  kline_series s;
  std::string error;
  bool ok = parse_kline_csv(csv, s, error);
  INFO(error);
  REQUIRE(ok);
  s.symbol = symbol;
  return s;
}

} // namespace tn::sim::test
