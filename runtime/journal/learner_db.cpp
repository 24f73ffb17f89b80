// journal_db's learner part: each call is one transaction over
// runtime/journal/learner_rows.hpp.

#include "runtime/journal/journal_db.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db_impl.hpp"
#include "runtime/journal/learner_rows.hpp"

namespace tn {

namespace {

caf::error closed() {
  return caf::make_error(ec::storage_error, "journal: closed");
}

} // namespace

caf::expected<bool> journal_db::append_learned(const learner_update& x) {
  if (!impl_)
    return closed();
  bool added = false;
  auto err = impl_->write(
    "writing the learned trade of position " + x.trade.position_id,
    [&] { added = learner_rows::insert(impl_->db, x); }, true);
  if (err)
    return err;
  return added;
}

caf::expected<learner_entry> journal_db::learner_entry_of(uint64_t decision_id,
                                                          const std::string& symbol) {
  if (!impl_)
    return closed();
  return impl_->read("reading decision " + std::to_string(decision_id) + " for the learner",
                     [&] { return learner_rows::entry_of(impl_->db, decision_id, symbol); });
}

caf::expected<learner_journal> journal_db::load_learner() {
  if (!impl_)
    return closed();
  return impl_->read("reading the learner's state",
                     [&] { return learner_rows::load(impl_->db); });
}

} // namespace tn
