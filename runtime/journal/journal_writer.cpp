#include "runtime/journal/journal_writer.hpp"

#include "messages/error.hpp"

#include <caf/error.hpp>
#include <caf/message.hpp>

#include <algorithm>

namespace tn {

namespace {

constexpr const char* topic = "journal";

/// journal_db's errors carry one string: the file, what failed and why.
std::string text_of(const caf::error& err) {
  auto& ctx = err.context();
  return ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0) : caf::to_string(err);
}

/// The second notice wins: a failed prune after a write that ended an
/// outage begins a new one.
std::optional<event> latest(std::optional<event> first, std::optional<event> second) {
  return second ? std::move(second) : std::move(first);
}

} // namespace

journal_writer::journal_writer(journal_db db, journal_retention retention)
  : db_(std::move(db)),
    path_(db_.path()),
    prune_every_(retention.every),
    events_pruning_{retention.events, &journal_db::prune_events},
    candles_pruning_{retention.candles, &journal_db::prune_candles} {
}

std::optional<event> journal_writer::write(const event& e) {
  latest_ = std::max(latest_, e.ts);
  auto err = db_.append(std::vector<event>{e});
  if (err)
    return outcome(err);
  ++events_;
  events_pruning_.newest = std::max(events_pruning_.newest, e.ts);
  auto notice = outcome(err);
  return latest(std::move(notice), prune(events_pruning_));
}

std::optional<event> journal_writer::write(const tick_batch& batch) {
  if (batch.closed.empty())
    return std::nullopt;
  for (auto& c : batch.closed)
    latest_ = std::max(latest_, c.open_time + length_of(c.span));
  auto added = db_.append(batch.closed);
  if (!added)
    return outcome(added.error());
  candles_ += *added;
  duplicates_ += batch.closed.size() - *added;
  for (auto& c : batch.closed)
    candles_pruning_.newest = std::max(candles_pruning_.newest, c.open_time);
  auto notice = outcome(caf::none);
  return latest(std::move(notice), prune(candles_pruning_));
}

write_outcome journal_writer::write(const decision_record& x) {
  latest_ = std::max(latest_, x.chosen.ts);
  auto err = db_.append(std::vector<decision_record>{x});
  if (!err)
    ++decisions_;
  auto notice = outcome(err);
  return {std::move(err), std::move(notice)};
}

std::optional<event> journal_writer::account(const caf::error& err, timestamp ts) {
  latest_ = std::max(latest_, ts);
  if (err == ec::invalid_argument)
    return std::nullopt;
  if (!err)
    ++execution_;
  return outcome(err);
}

// Pruning follows the newest row of its own table: events carry node time,
// candles the exchange's, and a replay of old bars must not look expired
// next to today's events.
std::optional<event> journal_writer::prune(pruning& table) {
  if (table.keep <= timespan::zero() || (table.last && table.newest < *table.last + prune_every_))
    return std::nullopt;
  table.last = table.newest;
  auto deleted = (db_.*table.prune)(table.newest - table.keep);
  if (!deleted)
    return outcome(deleted.error());
  table.deleted += *deleted;
  return std::nullopt;
}

std::optional<event> journal_writer::write(const gate_schedule& x) {
  latest_ = std::max(latest_, x.ts);
  return outcome(db_.save_schedule(x));
}

caf::expected<std::vector<decision_record>> journal_writer::last_decisions(uint32_t count) {
  return db_.last_decisions(count);
}

caf::expected<uint64_t> journal_writer::flush() {
  if (auto err = db_.commit_batch())
    outcome(err);
  if (unflushed_errors_ == 0)
    return rows_written();
  auto failed = unflushed_errors_;
  unflushed_errors_ = 0;
  return caf::make_error(ec::storage_error, "journal: " + std::to_string(failed)
                                              + " writes failed since the last flush, the last: "
                                              + last_error_);
}

bool journal_writer::healthy() const {
  return !failing_;
}

const std::string& journal_writer::last_error() const {
  return last_error_;
}

std::optional<event> journal_writer::outcome(const caf::error& err) {
  if (!err) {
    if (!failing_)
      return std::nullopt;
    failing_ = false;
    return event{latest_, topic, severity::info,
                 "journal writes again after " + std::to_string(outage_errors_)
                   + " failed writes; new decisions resume"};
  }
  ++errors_;
  ++unflushed_errors_;
  ++outage_errors_;
  last_error_ = text_of(err);
  if (failing_)
    return std::nullopt;
  failing_ = true;
  outage_errors_ = 1;
  return event{latest_, topic, severity::error,
               last_error_
                 + "; no new decisions until the journal can write again (further failures are"
                   " counted until a write succeeds)"};
}

uint64_t journal_writer::rows_written() const {
  return events_ + candles_ + decisions_ + execution_;
}

status_report journal_writer::status() const {
  status_report r;
  r.service = topic;
  r.counters = {{"events_written", static_cast<int64_t>(events_)},
                {"candles_written", static_cast<int64_t>(candles_)},
                {"candles_duplicate", static_cast<int64_t>(duplicates_)},
                {"decisions_written", static_cast<int64_t>(decisions_)},
                {"execution_written", static_cast<int64_t>(execution_)},
                {"write_errors", static_cast<int64_t>(errors_)},
                {"commits", static_cast<int64_t>(db_.commits())},
                {"events_pruned", events_pruning_.deleted},
                {"candles_pruned", candles_pruning_.deleted}};
  r.facts = {{"path", path_},
             {"schema", std::to_string(db_.schema_version())},
             {"healthy", failing_ ? "no" : "yes"},
             {"commits", db_.batch_size() == 0
                           ? "each write"
                           : "every " + std::to_string(db_.batch_size())
                               + " writes, not synced (a backtest's)"}};
  if (!last_error_.empty())
    r.facts["last_error"] = last_error_;
  return r;
}

event journal_writer::close() {
  // Every write committed in its own transaction, or in the open batch
  // that closing commits: closing has to mark the file clean and move the
  // log into it.
  if (auto err = db_.close())
    return {latest_, topic, severity::error, "journal not flushed: " + text_of(err)};
  return {latest_, topic, severity::info,
          "journal flushed: " + std::to_string(events_) + " events, " + std::to_string(candles_)
            + " candles, " + std::to_string(decisions_) + " decisions, "
            + std::to_string(errors_) + " write errors, " + path_};
}

} // namespace tn
