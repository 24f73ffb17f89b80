// journal_db's order path: each call is one transaction over
// runtime/journal/execution_rows.hpp.

#include "runtime/journal/journal_db.hpp"

#include "messages/error.hpp"
#include "runtime/journal/execution_rows.hpp"
#include "runtime/journal/funding_rows.hpp"
#include "runtime/journal/journal_db_impl.hpp"

namespace tn {

namespace {

caf::error closed() {
  return caf::make_error(ec::storage_error, "journal: closed");
}

/// Thrown inside a transaction to roll it back: an update without an intent.
struct unknown_order {};

} // namespace

caf::expected<bool> journal_db::append_intent(const order_request& x) {
  if (!impl_)
    return closed();
  bool added = false;
  auto err = impl_->write(
    "writing the intent of order " + x.client_id,
    [&] { added = execution_rows::insert_intent(impl_->db, x); }, true);
  if (err)
    return err;
  return added;
}

caf::expected<bool> journal_db::update_order(const order_update& x) {
  if (!impl_)
    return closed();
  auto result = execution_rows::update_result::unknown;
  auto err = impl_->write(
    "writing the state of order " + x.client_id,
    [&] { result = execution_rows::update_order(impl_->db, x); }, true);
  if (err)
    return err;
  if (result == execution_rows::update_result::unknown)
    return caf::make_error(ec::invalid_argument, impl_->name + ": order " + x.client_id
                                                   + " has no journaled intent; its "
                                                   + to_string(x.state) + " state is refused");
  return result == execution_rows::update_result::recorded;
}

caf::expected<bool> journal_db::append_fill(const fill& x) {
  if (!impl_)
    return closed();
  bool added = false;
  auto err = impl_->write(
    "writing fill " + x.symbol + " #" + std::to_string(x.trade_id),
    [&] { added = execution_rows::insert_fill(impl_->db, x); }, true);
  if (err)
    return err;
  return added;
}

caf::error journal_db::save_position(const position& x) {
  if (!impl_)
    return closed();
  return impl_->write(
    "writing position " + x.position_id,
    [&] { execution_rows::save_position(impl_->db, x); }, true);
}

caf::expected<bool> journal_db::append_exit(const position_exit& x) {
  if (!impl_)
    return closed();
  bool added = false;
  auto err = impl_->write(
    "writing the exit of position " + x.position_id,
    [&] { added = execution_rows::insert_exit(impl_->db, x); }, true);
  if (err)
    return err;
  return added;
}

caf::error journal_db::append(const risk_verdict& x) {
  if (!impl_)
    return closed();
  auto& stmt = *impl_->insert_verdict;
  return impl_->write_one("writing a risk verdict",
                          [&] { execution_rows::insert_verdict(stmt, x); });
}

caf::error journal_db::save_balances(const std::vector<asset_balance>& xs) {
  if (!impl_)
    return closed();
  return impl_->write(
    "writing balances", [&] { execution_rows::replace_balances(impl_->db, xs); }, true);
}

caf::expected<uint64_t> journal_db::commit_step(const std::vector<fill>& fills,
                                                const std::vector<order_update>& updates,
                                                const std::vector<asset_balance>& balances) {
  if (!impl_)
    return closed();
  uint64_t recorded = 0;
  const order_update* unknown = nullptr;
  auto step = [&] {
    for (auto& f : fills)
      recorded += execution_rows::insert_fill(impl_->db, f) ? 1 : 0;
    for (auto& u : updates) {
      auto result = execution_rows::update_order(impl_->db, u);
      if (result == execution_rows::update_result::unknown) {
        unknown = &u;
        throw unknown_order{}; // leaves the transaction, which rolls back
      }
      recorded += result == execution_rows::update_result::recorded ? 1 : 0;
    }
    if (!balances.empty())
      execution_rows::replace_balances(impl_->db, balances);
  };
  caf::error err;
  try {
    err = impl_->write("writing " + std::to_string(fills.size()) + " fills, "
                         + std::to_string(updates.size()) + " order states and the balances",
                       step, true);
  } catch (const unknown_order&) {
    recorded = 0;
  }
  if (unknown)
    return caf::make_error(ec::invalid_argument,
                           impl_->name + ": order " + unknown->client_id
                             + " has no journaled intent; its " + to_string(unknown->state)
                             + " state is refused, and with it the fills and balances of its"
                               " step");
  if (err)
    return err;
  return recorded;
}

caf::expected<uint64_t> journal_db::commit_funding(const std::vector<funding_payment>& payments,
                                                   const std::vector<asset_balance>& balances) {
  if (!impl_)
    return closed();
  uint64_t recorded = 0;
  auto err = impl_->write(
    "writing " + std::to_string(payments.size()) + " funding payments and the balances",
    [&] {
      recorded = 0; // a retried transaction counts again
      for (auto& x : payments)
        recorded += funding_rows::insert(impl_->db, x) ? 1 : 0;
      if (!balances.empty())
        execution_rows::replace_balances(impl_->db, balances);
    },
    true);
  if (err)
    return err;
  return recorded;
}

caf::expected<execution_journal> journal_db::load_execution() {
  if (!impl_)
    return closed();
  return impl_->read("reading the order path's state",
                     [&] { return execution_rows::load(impl_->db); });
}

caf::expected<std::vector<journaled_order>> journal_db::last_orders(uint32_t count) {
  if (!impl_)
    return closed();
  return impl_->read("reading orders",
                     [&] { return execution_rows::last_orders(impl_->db, count); });
}

} // namespace tn
