#pragma once

// The model's answers in a journal file, for the tests of a backtest's
// model cache: a decision the model answered as the trader journals it,
// the rows written by the journal's own code, and the answers read back by
// the cache's own reader (runtime/journal/model_answers.hpp).

#include "messages/decision.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/model_answers.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tn::test {

/// The journal row of a decision asked at `ts` and answered by `backend`
/// with `raw`: `outcome` "ok", "rejected: ..." (still the model's answer)
/// or "failed: ...", and the decision `chosen` (its time set to `ts`).
inline decision_record answer_row(timestamp ts, std::string backend, std::string outcome,
                                  std::string raw, decision chosen) {
  decision_record r;
  r.trigger.ts = ts;
  r.backend = std::move(backend);
  r.model_outcome = std::move(outcome);
  r.raw_response = std::move(raw);
  r.chosen = std::move(chosen);
  r.chosen.ts = ts;
  return r;
}

/// Writes `rows` into a new journal at `path`, closed cleanly; returns
/// `path`.
inline std::string write_journal(const std::string& path,
                                 const std::vector<decision_record>& rows) {
  auto db = journal_db::open(path);
  REQUIRE(db);
  REQUIRE_FALSE(db->append(rows));
  REQUIRE_FALSE(db->close());
  return path;
}

/// The answers a model cache reads from `rows` once they are journaled at
/// `path`.
inline std::shared_ptr<journaled_answers> journaled(const std::string& path,
                                                    const std::vector<decision_record>& rows) {
  auto out = std::make_shared<journaled_answers>();
  REQUIRE(read_model_answers(write_journal(path, rows), *out));
  return out;
}

} // namespace tn::test
