#pragma once

// Reads the shared Binance fixtures (../shared/data) for market tests.

#include "messages/market.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tn::test {

inline std::string shared_data(const std::string& relative) {
  return std::string{TN_SHARED_DATA} + "/" + relative;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in{path};
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      lines.push_back(line);
  return lines;
}

/// Closed 1m candles from a Binance dump CSV: spot (no header, microsecond
/// timestamps from 2025 on) or USD-M futures (a header row, milliseconds).
inline std::vector<candle> read_dump_csv(const std::string& path, const std::string& symbol) {
  std::vector<candle> result;
  for (auto& line : read_lines(path)) {
    if (line.rfind("open_time", 0) == 0)
      continue;
    std::stringstream row{line};
    std::string field;
    std::vector<std::string> f;
    while (std::getline(row, field, ','))
      f.push_back(field);
    candle c;
    c.symbol = symbol;
    auto t = std::stoll(f[0]);
    c.open_time = f[0].size() >= 16 ? timestamp{std::chrono::microseconds{t}} : from_unix_ms(t);
    c.open = std::stod(f[1]);
    c.high = std::stod(f[2]);
    c.low = std::stod(f[3]);
    c.close = std::stod(f[4]);
    c.volume = std::stod(f[5]);
    c.quote_volume = std::stod(f[7]);
    c.trades = std::stoull(f[8]);
    c.taker_buy_volume = std::stod(f[9]);
    c.closed = true;
    result.push_back(c);
  }
  return result;
}

} // namespace tn::test
