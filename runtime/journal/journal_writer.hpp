#pragma once

// What the journal actor does with each message, without the actor: write
// it, count it, prune what retention lets go, and decide what the operator
// must hear. Pure logic over journal_db; time comes only from the data
// written.

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/retention.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tn {

/// A write's result for a caller that must know: its error (none once
/// committed), and the event the operator must hear, if any.
struct write_outcome {
  caf::error error;
  std::optional<event> notice;
};

class journal_writer {
public:
  explicit journal_writer(journal_db db, journal_retention retention = {});

  /// Persists `e` (one transaction). Returns an event for the operator when
  /// this write began an outage (the one before it succeeded) or ended one:
  /// an outage is reported once at each end, every failure is counted.
  std::optional<event> write(const event& e);

  /// Persists the closed candles of `batch` in one transaction; forming
  /// bars are not journaled. Reports as write(event) does.
  std::optional<event> write(const tick_batch& batch);

  /// Persists one decision, synced to disk. Reports as write(event) does,
  /// and returns the error for the caller that waits for the commit.
  write_outcome write(const decision_record& x);

  /// Keeps the gate's schedule (one transaction). Reports as write(event)
  /// does.
  std::optional<event> write(const gate_schedule& x);

  /// Accounts for one of the order path's writes, done on db() for data
  /// of event time `ts` with the error `err` (none once committed), and
  /// reports as write(event) does. A row refused for what it says
  /// (ec::invalid_argument: an update without an intent) is the sender's
  /// mistake, not a journal that cannot write: it is neither counted nor
  /// reported.
  std::optional<event> account(const caf::error& err, timestamp ts);

  /// The last `count` decisions, oldest first, read back from the file.
  caf::expected<std::vector<decision_record>> last_decisions(uint32_t count);

  /// The database, for the queries that restore state at start.
  journal_db& db() {
    return db_;
  }
  /// Commits the open batch (journal_db::write_in_batches()), then: rows
  /// written since start (events, new candles and decisions), or the
  /// failures since the last flush: a flush that succeeds means every
  /// write before it was committed.
  caf::expected<uint64_t> flush();

  /// False while the journal cannot write: from a failed write until the
  /// next one succeeds.
  bool healthy() const;

  /// Why the last write failed; empty if none ever did.
  const std::string& last_error() const;

  /// Rows committed since start: events, new candles, decisions and the
  /// order path's writes.
  uint64_t rows_written() const;

  /// Counters events_written, candles_written, candles_duplicate,
  /// decisions_written, execution_written, write_errors, commits, events_pruned,
  /// candles_pruned; facts path, schema, healthy, commits (each write or
  /// in batches) and last_error (once any).
  status_report status() const;

  /// Checkpoints and closes the database; returns the journal's last line
  /// for the operator ("journal flushed: ..." or why closing failed).
  event close();

private:
  /// Retention of one table, against the newest row written to it.
  struct pruning {
    timespan keep{};
    caf::expected<int64_t> (journal_db::*prune)(timestamp) = nullptr;
    timestamp newest{};
    std::optional<timestamp> last{}; // `newest` at the last pass
    int64_t deleted = 0;
  };

  std::optional<event> outcome(const caf::error& err);
  std::optional<event> prune(pruning& table);

  journal_db db_;
  std::string path_;
  timestamp latest_{}; // the newest time seen in written data
  timespan prune_every_;
  pruning events_pruning_;
  pruning candles_pruning_; // by open time
  uint64_t events_ = 0;
  uint64_t candles_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t decisions_ = 0;
  uint64_t execution_ = 0; // the order path's writes
  uint64_t errors_ = 0;
  uint64_t outage_errors_ = 0;   // failures since the outage began
  uint64_t unflushed_errors_ = 0; // failures since the last flush
  bool failing_ = false;
  std::string last_error_;
};

} // namespace tn
