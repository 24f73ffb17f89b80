#pragma once

// What the journal actor does with each message, without the actor: write
// it, count it, and decide what the operator must hear. Pure logic over
// journal_db; time comes only from the data written.

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/journal/journal_db.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tn {

class journal_writer {
public:
  explicit journal_writer(journal_db db);

  /// Persists `e` (one transaction). Returns an event for the operator when
  /// the write failed and the one before it did not: an outage is reported
  /// once, every failure is counted.
  std::optional<event> write(const event& e);

  /// Persists the closed candles of `batch` in one transaction; forming
  /// bars are not journaled. Reports as write(event) does.
  std::optional<event> write(const tick_batch& batch);

  /// Persists one decision (one transaction). Reports as write(event) does.
  std::optional<event> write(const decision_record& x);

  /// Keeps the gate's schedule (one transaction). Reports as write(event)
  /// does.
  std::optional<event> write(const gate_schedule& x);

  /// The last `count` decisions, oldest first, read back from the file.
  caf::expected<std::vector<decision_record>> last_decisions(uint32_t count);

  /// The database, for the queries that restore state at start.
  journal_db& db() {
    return db_;
  }

  /// Rows committed since start: events, new candles and decisions.
  uint64_t rows_written() const;

  /// Counters events_written, candles_written, candles_duplicate,
  /// decisions_written, write_errors, commits; facts path, schema and
  /// last_error (once any).
  status_report status() const;

  /// Checkpoints and closes the database; returns the journal's last line
  /// for the operator ("journal flushed: ..." or why closing failed).
  event close();

private:
  std::optional<event> outcome(const caf::error& err);

  journal_db db_;
  std::string path_;
  timestamp latest_{}; // the newest time seen in written data
  uint64_t events_ = 0;
  uint64_t candles_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t decisions_ = 0;
  uint64_t errors_ = 0;
  bool failing_ = false;
  std::string last_error_;
};

} // namespace tn
