#pragma once

// The journal's database: one SQLite file in WAL mode, its schema kept
// current by forward migrations (runtime/journal/migrations.hpp). Pure:
// no actor headers; every call blocks on disk, so only the journal actor,
// on its own thread, uses it in the node.

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tn {

/// The journal file inside node.data_dir.
std::string journal_path(const std::string& data_dir);

/// An event read back from the journal, with its row id (ids grow with
/// every write, so "since id" resumes a reader).
struct journaled_event {
  int64_t id = 0;
  event value;
};

/// How the previous run left the journal, as open() found it.
enum class last_close : uint8_t {
  none,     ///< a new file
  clean,    ///< closed by close(): no integrity check needed
  unclean,  ///< the last run ended without close(): checked, recovered
  unmarked, ///< written by a build without the marker: checked
};

class journal_db {
public:
  /// Opens the journal at `path`, creating it and missing directories.
  /// Refuses, with ec::storage_error naming the file, a file that is not an
  /// SQLite database, one whose schema is newer than this build's, and a
  /// damaged one; migrates an older schema forward. The integrity check
  /// (quick_check reads every page: minutes on a large file) runs only when
  /// the last run did not close the journal cleanly, since a clean close
  /// leaves a consistent file. Open takes the marker away again, durably,
  /// so a run that ends without close() is noticed at the next open.
  [[nodiscard]] static caf::expected<journal_db> open(const std::string& path);

  journal_db(journal_db&&) noexcept;
  journal_db& operator=(journal_db&&) noexcept;
  ~journal_db();

  /// Appends `xs` in one transaction: all of them or none.
  [[nodiscard]] caf::error append(const std::vector<event>& xs);

  /// Stores the candles `xs` in one transaction, all or none. A candle
  /// already stored (same symbol, interval and open time) is skipped, so a
  /// replayed bar never duplicates. Returns how many were new.
  [[nodiscard]] caf::expected<size_t> append(const std::vector<candle>& xs);

  /// Appends the decisions `xs` in one transaction, all or none, synced
  /// to disk before it returns: a decision acknowledged survives a power
  /// cut, where events and candles may lose their last commits.
  [[nodiscard]] caf::error append(const std::vector<decision_record>& xs);

  /// The row id of the newest decision (0 if none): its journal id, from
  /// which its orders' client ids derive, unique for the journal's life.
  [[nodiscard]] caf::expected<int64_t> last_decision_id();

  /// The journal's client id epoch: eight lowercase hex digits, random,
  /// made once when the journal was created and the same for its life.
  /// Every client order id carries it (actors/risk entry_client_id).
  [[nodiscard]] caf::expected<std::string> client_id_epoch();

  /// Deletes the events older than `before`; returns how many.
  [[nodiscard]] caf::expected<int64_t> prune_events(timestamp before);

  /// Deletes the candles that opened before `before`; returns how many.
  [[nodiscard]] caf::expected<int64_t> prune_candles(timestamp before);

  /// Events of `topic` ("" for every topic) with an id above `after_id`,
  /// oldest first.
  [[nodiscard]] caf::expected<std::vector<journaled_event>>
  events_since(const std::string& topic, int64_t after_id);

  /// The last `count` candles of `symbol` and `span`, oldest first.
  [[nodiscard]] caf::expected<std::vector<candle>>
  last_candles(const std::string& symbol, interval span, uint32_t count);

  /// The last `count` decisions in the order they were appended, oldest
  /// first, each as it was appended.
  [[nodiscard]] caf::expected<std::vector<decision_record>> last_decisions(uint32_t count);

  /// The newest decision's time and the model cost of every decision on
  /// its UTC day (the epoch and 0 without decisions). Both through the
  /// time index, however long the journal.
  [[nodiscard]] caf::expected<std::pair<timestamp, double>> latest_day_spend();

  /// The newest memory note the model left ("" if none), through a partial
  /// index however long the journal.
  [[nodiscard]] caf::expected<std::string> last_memory();

  /// Keeps `x` as the gate's schedule, replacing the one kept before. In
  /// batches (write_in_batches()) it is written when the batch commits,
  /// the newest one only; load_schedule() reads it before that.
  [[nodiscard]] caf::error save_schedule(const gate_schedule& x);

  /// The gate's kept schedule: none or one.
  [[nodiscard]] caf::expected<std::vector<gate_schedule>> load_schedule();

  // -- the order path (runtime/journal/execution_db.cpp). Every write is
  // one transaction synced to disk, except the risk verdicts'.

  /// Journals an order's intent before it is sent: true when journaled
  /// now, false when its client id was journaled before (that row stays).
  [[nodiscard]] caf::expected<bool> append_intent(const order_request& x);

  /// Records an order's new state: true when recorded, false when the
  /// order already had a final state, which stays. ec::invalid_argument
  /// when no intent with this client id was journaled.
  [[nodiscard]] caf::expected<bool> update_order(const order_update& x);

  /// Journals a fill: false when its symbol's trade id was journaled before.
  [[nodiscard]] caf::expected<bool> append_fill(const fill& x);

  /// Keeps an open position's row current; quantity zero closes it.
  [[nodiscard]] caf::error save_position(const position& x);

  /// Journals a closed position and closes its open row: false when its
  /// exit was journaled before.
  [[nodiscard]] caf::expected<bool> append_exit(const position_exit& x);

  /// Appends a risk verdict (not synced: it explains, it restores nothing).
  [[nodiscard]] caf::error append(const risk_verdict& x);

  /// Replaces the journaled balances with `xs`.
  [[nodiscard]] caf::error save_balances(const std::vector<asset_balance>& xs);

  /// One step of a simulated exchange (the paper broker): its fills, the
  /// orders' new states and the balances after them, in one transaction,
  /// so a crash never keeps a fill without the balances it changed, nor
  /// the reverse. A fill journaled before is kept once, a final state
  /// stays; an update of an order without a journaled intent refuses the
  /// whole step (ec::invalid_argument, nothing written). Empty `balances`
  /// leave the journaled ones. How many fills and states it recorded.
  [[nodiscard]] caf::expected<uint64_t> commit_step(const std::vector<fill>& fills,
                                                    const std::vector<order_update>& updates,
                                                    const std::vector<asset_balance>& balances);

  /// One step's funding payments (the paper broker's futures) and the
  /// balances after them, in one transaction: how many payments were new
  /// (a symbol's funding time already journaled keeps its first row).
  [[nodiscard]] caf::expected<uint64_t> commit_funding(const std::vector<funding_payment>& payments,
                                                       const std::vector<asset_balance>& balances);

  /// What the execution services restore at start.
  [[nodiscard]] caf::expected<execution_journal> load_execution();

  /// The last `count` orders journaled, oldest first.
  [[nodiscard]] caf::expected<std::vector<journaled_order>> last_orders(uint32_t count);

  // -- the learner (runtime/journal/learner_db.cpp).

  /// Keeps an applied trade and the posteriors it moved, in one
  /// transaction synced to disk: false when this position's trade was kept
  /// before (nothing is written then).
  [[nodiscard]] caf::expected<bool> append_learned(const learner_update& x);

  /// The action and signals of `symbol` in decision `decision_id`.
  [[nodiscard]] caf::expected<learner_entry> learner_entry_of(uint64_t decision_id,
                                                              const std::string& symbol);

  /// What the learner restores at start, and the exits it has not learned.
  [[nodiscard]] caf::expected<learner_journal> load_learner();

  // -- batched commits, for a journal reproducible from its inputs (a
  // backtest's: the same data, config and seed write it again).

  /// From now on, commits once every `writes` writes (at least 1) instead
  /// of once per write, with synchronous=OFF: no write waits for the disk,
  /// not even the order path's. Each write stays all or none (one
  /// statement, or a savepoint in the open batch); reads on this journal
  /// see every write at once (the gate's schedule: save_schedule()),
  /// other connections see a batch once committed. commit_batch(),
  /// checkpoint() and close() commit the open batch; a crash loses it.
  /// Never for a journal that restores a live account.
  [[nodiscard]] caf::error write_in_batches(uint32_t writes);

  /// Commits the open batch now (nothing without one).
  [[nodiscard]] caf::error commit_batch();

  /// Writes per commit: 0 when each write commits on its own (synced to
  /// disk where its call says so).
  uint32_t batch_size() const;

  /// Copies the write-ahead log into the database file and empties it,
  /// after committing the open batch.
  [[nodiscard]] caf::error checkpoint();

  /// Marks the journal closed cleanly, checkpoints and closes the file;
  /// the object is unusable afterwards. Destroying an open journal_db
  /// closes the file without the marker, as a crash would.
  [[nodiscard]] caf::error close();

  const std::string& path() const;

  /// The schema version of the open file.
  int64_t schema_version() const;

  /// Transactions committed since open.
  uint64_t commits() const;

  /// How the previous run left the file.
  last_close previous_close() const;

private:
  /// Runs `query`, a DELETE with one bound parameter, in one transaction.
  caf::expected<int64_t> prune(const char* what, const char* query, int64_t bound);

  struct impl;
  explicit journal_db(std::unique_ptr<impl> x);
  std::unique_ptr<impl> impl_;
};

/// What open() found, for the start-up lines: "journal PATH (schema N)",
/// and ", recovered after an unclean shutdown (integrity check passed)"
/// when the last run did not close it.
std::string describe_open(const journal_db& db);

} // namespace tn
