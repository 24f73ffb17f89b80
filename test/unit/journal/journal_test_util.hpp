#pragma once

// Helpers shared by the journal tests: sample data, raw access to the file
// behind journal_db's back, and error text.

#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/journal/sqlite.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <caf/error.hpp>
#include <caf/message.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

namespace tn::test {

using namespace std::chrono_literals;

inline const timestamp t0 = timestamp{} + 1000h;

inline event make_event(const std::string& topic, const std::string& text,
                        severity level = severity::info, timespan after = {}) {
  return {t0 + after, topic, level, text};
}

/// A closed bar of `symbol`, `n` bars after t0, with values derived from n.
inline candle make_candle(const std::string& symbol, int n, interval span = interval::m1) {
  candle c;
  c.symbol = symbol;
  c.span = span;
  c.open_time = t0 + n * length_of(span);
  c.open = 100 + n;
  c.high = 110 + n;
  c.low = 90 + n;
  c.close = 105 + n;
  c.volume = 1.5 * n;
  c.quote_volume = 150.25 * n;
  c.trades = static_cast<uint64_t>(10 + n);
  c.taker_buy_volume = 0.5 * n;
  c.closed = true;
  return c;
}

/// The message of one of our errors (a single string as context).
inline std::string text_of(const caf::error& err) {
  auto& ctx = err.context();
  return ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0) : caf::to_string(err);
}

/// Makes every insert of an event with topic "bad", or of a candle of
/// symbol "BAD", fail, so tests can provoke write errors mid-transaction.
inline void refuse_bad_rows(const std::string& path) {
  sql::connection db{path};
  db.exec("CREATE TRIGGER refuse_event BEFORE INSERT ON events WHEN NEW.topic = 'bad'"
          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
          "CREATE TRIGGER refuse_candle BEFORE INSERT ON candles WHEN NEW.symbol = 'BAD'"
          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
}

inline std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out << content;
}

} // namespace tn::test
