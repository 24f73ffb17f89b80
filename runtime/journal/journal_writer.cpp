#include "runtime/journal/journal_writer.hpp"

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

} // namespace

journal_writer::journal_writer(journal_db db) : db_(std::move(db)), path_(db_.path()) {
}

std::optional<event> journal_writer::write(const event& e) {
  latest_ = std::max(latest_, e.ts);
  auto err = db_.append(std::vector<event>{e});
  if (!err)
    ++events_;
  return outcome(err);
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
  return outcome(caf::none);
}

std::optional<event> journal_writer::write(const decision_record& x) {
  latest_ = std::max(latest_, x.chosen.ts);
  auto err = db_.append(std::vector<decision_record>{x});
  if (!err)
    ++decisions_;
  return outcome(err);
}

std::optional<event> journal_writer::write(const gate_schedule& x) {
  latest_ = std::max(latest_, x.ts);
  return outcome(db_.save_schedule(x));
}

caf::expected<std::vector<decision_record>> journal_writer::last_decisions(uint32_t count) {
  return db_.last_decisions(count);
}

std::optional<event> journal_writer::outcome(const caf::error& err) {
  if (!err) {
    failing_ = false;
    return std::nullopt;
  }
  ++errors_;
  last_error_ = text_of(err);
  if (failing_)
    return std::nullopt;
  failing_ = true;
  return event{latest_, topic, severity::error,
               last_error_ + " (further failures are counted until a write succeeds)"};
}

uint64_t journal_writer::rows_written() const {
  return events_ + candles_ + decisions_;
}

status_report journal_writer::status() const {
  status_report r;
  r.service = topic;
  r.counters = {{"events_written", static_cast<int64_t>(events_)},
                {"candles_written", static_cast<int64_t>(candles_)},
                {"candles_duplicate", static_cast<int64_t>(duplicates_)},
                {"decisions_written", static_cast<int64_t>(decisions_)},
                {"write_errors", static_cast<int64_t>(errors_)},
                {"commits", static_cast<int64_t>(db_.commits())}};
  r.facts = {{"path", path_}, {"schema", std::to_string(db_.schema_version())}};
  if (!last_error_.empty())
    r.facts["last_error"] = last_error_;
  return r;
}

event journal_writer::close() {
  // Every write committed in its own transaction: closing only has to
  // move the log into the file.
  if (auto err = db_.close())
    return {latest_, topic, severity::error, "journal not flushed: " + text_of(err)};
  return {latest_, topic, severity::info,
          "journal flushed: " + std::to_string(events_) + " events, " + std::to_string(candles_)
            + " candles, " + std::to_string(decisions_) + " decisions, "
            + std::to_string(errors_) + " write errors, " + path_};
}

} // namespace tn
