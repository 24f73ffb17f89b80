#include "runtime/journal/journal_actor.hpp"

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "runtime/event_log.hpp"
#include "runtime/journal/journal_writer.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>

#include <algorithm>
#include <optional>
#include <tuple>

namespace tn {

namespace {

struct journal_state {
  static inline const char* name = "journal";
  std::optional<journal_writer> writer;
  line_sink sink;
  event_log_actor log;

  // CAF destroys the state when the actor terminates, before its attached
  // functors run, so the close lives here.
  ~journal_state() {
    if (writer && sink)
      sink(format_event_line(writer->close()));
  }
};

using journal_ptr = journal_actor::stateful_pointer<journal_state>;

/// A query's answer, or its error.
template <class T>
caf::result<T> answer(caf::expected<T> x) {
  if (!x)
    return std::move(x.error());
  return std::move(*x);
}

/// The event log forwards every event back here: only the first failure of
/// an outage and its end are told, so telling it cannot loop.
void tell(journal_ptr self, std::optional<event> e) {
  auto& st = self->state;
  if (!e)
    return;
  if (st.log)
    self->send(st.log, atom::publish_v, std::move(*e));
  else if (st.sink)
    st.sink(format_event_line(*e));
}

/// A synced write of the order path: 1 when it added or changed a row, 0
/// when the row was there already; or the error that lost it.
caf::result<uint64_t> settle(journal_ptr self, caf::expected<bool> done, timestamp ts) {
  tell(self, self->state.writer->account(done ? caf::error{} : done.error(), ts));
  if (!done)
    return std::move(done.error());
  return uint64_t{*done ? 1u : 0u};
}

caf::result<uint64_t> settle(journal_ptr self, caf::error err, timestamp ts, uint64_t count) {
  tell(self, self->state.writer->account(err, ts));
  if (err)
    return err;
  return count;
}

journal_actor::behavior_type journal_behavior(journal_ptr self, std::shared_ptr<journal_db> db,
                                              journal_retention retention, line_sink sink) {
  self->state.sink = std::move(sink);
  self->state.writer.emplace(std::move(*db), retention);
  db.reset();
  return {
    [self](atom::publish, const event& e) { tell(self, self->state.writer->write(e)); },
    [self](atom::publish, const decision_record& x) -> caf::result<uint64_t> {
      auto out = self->state.writer->write(x);
      tell(self, std::move(out.notice));
      if (out.error)
        return std::move(out.error);
      auto id = self->state.writer->db().last_decision_id();
      if (!id)
        return std::move(id.error());
      return static_cast<uint64_t>(*id);
    },
    [self](const tick_batch& batch) { tell(self, self->state.writer->write(batch)); },
    [self](atom::publish, const gate_schedule& x) { tell(self, self->state.writer->write(x)); },
    [self](atom::decisions, uint32_t count) -> caf::result<std::vector<decision_record>> {
      return answer(self->state.writer->last_decisions(count));
    },
    [self](atom::spent) -> caf::result<timestamp, double> {
      auto x = self->state.writer->db().latest_day_spend();
      if (!x)
        return std::move(x.error());
      return {x->first, x->second};
    },
    [self](atom::memory) -> caf::result<std::string> {
      return answer(self->state.writer->db().last_memory());
    },
    [self](atom::epoch) -> caf::result<std::string> {
      return answer(self->state.writer->db().client_id_epoch());
    },
    [self](atom::schedule) -> caf::result<std::vector<gate_schedule>> {
      return answer(self->state.writer->db().load_schedule());
    },
    // Every message commits before the next is read: reaching this one
    // means everything before it was written, or failed.
    [self](atom::flush) -> caf::result<uint64_t> {
      auto rows = self->state.writer->flush();
      if (!rows)
        return std::move(rows.error());
      return *rows;
    },
    [self](atom::health) {
      auto& w = *self->state.writer;
      return std::make_tuple(w.healthy(), w.healthy() ? std::string{} : w.last_error());
    },
    [self](atom::order, const order_request& x) {
      return settle(self, self->state.writer->db().append_intent(x), x.ts);
    },
    [self](atom::publish, const order_update& x) {
      return settle(self, self->state.writer->db().update_order(x), x.ts);
    },
    [self](atom::publish, const fill& x) {
      return settle(self, self->state.writer->db().append_fill(x), x.ts);
    },
    [self](atom::publish, const position& x) {
      return settle(self, self->state.writer->db().save_position(x), x.opened, 1);
    },
    [self](atom::publish, const position_exit& x) {
      return settle(self, self->state.writer->db().append_exit(x), x.closed);
    },
    [self](atom::publish, const risk_verdict& x) {
      auto& w = *self->state.writer;
      tell(self, w.account(w.db().append(x), x.ts));
    },
    [self](atom::publish, const std::vector<asset_balance>& xs) {
      return settle(self, self->state.writer->db().save_balances(xs), timestamp{}, xs.size());
    },
    [self](atom::publish, const std::vector<fill>& fills, const std::vector<order_update>& updates,
           const std::vector<asset_balance>& balances) -> caf::result<uint64_t> {
      timestamp ts{};
      for (auto& f : fills)
        ts = std::max(ts, f.ts);
      for (auto& u : updates)
        ts = std::max(ts, u.ts);
      auto done = self->state.writer->db().commit_step(fills, updates, balances);
      return settle(self, done ? caf::error{} : done.error(), ts, done ? *done : 0);
    },
    [self](atom::publish, const std::vector<funding_payment>& payments,
           const std::vector<asset_balance>& balances) -> caf::result<uint64_t> {
      timestamp ts{};
      for (auto& x : payments)
        ts = std::max(ts, x.ts);
      auto done = self->state.writer->db().commit_funding(payments, balances);
      return settle(self, done ? caf::error{} : done.error(), ts, done ? *done : 0);
    },
    [self](atom::restore) -> caf::result<execution_journal> {
      return answer(self->state.writer->db().load_execution());
    },
    [self](atom::orders, uint32_t count) -> caf::result<std::vector<journaled_order>> {
      return answer(self->state.writer->db().last_orders(count));
    },
    [self](atom::entry, uint64_t decision_id,
           const std::string& symbol) -> caf::result<learner_entry> {
      return answer(self->state.writer->db().learner_entry_of(decision_id, symbol));
    },
    [self](atom::publish, const learner_update& x) {
      return settle(self, self->state.writer->db().append_learned(x), x.trade.closed);
    },
    [self](atom::learner) -> caf::result<learner_journal> {
      return answer(self->state.writer->db().load_learner());
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
    },
    [self](atom::status) { return self->state.writer->status(); },
  };
}

/// Opens `path` on the journal's own thread; quits with the reason when
/// the file cannot serve.
journal_actor::behavior_type open_and_run(journal_ptr self, const std::string& path,
                                          journal_retention retention, line_sink sink) {
  auto db = journal_db::open(path);
  if (!db) {
    self->quit(std::move(db.error()));
    return journal_actor::behavior_type::make_empty_behavior();
  }
  return journal_behavior(self, std::make_shared<journal_db>(std::move(*db)), retention,
                          std::move(sink));
}

/// A backtest's journal commits once per this many writes.
constexpr uint32_t backtest_writes_per_commit = 1000;

} // namespace

journal_actor spawn_journal(caf::actor_system& sys, std::string path, line_sink sink,
                            journal_retention retention, bool own_thread) {
  if (!own_thread)
    return sys.spawn(open_and_run, std::move(path), retention, std::move(sink));
  return sys.spawn<caf::detached>(open_and_run, std::move(path), retention, std::move(sink));
}

journal_actor spawn_journal(caf::actor_system& sys, std::shared_ptr<journal_db> db,
                            line_sink sink, journal_retention retention, bool own_thread) {
  if (!own_thread)
    return sys.spawn(journal_behavior, std::move(db), retention, std::move(sink));
  return sys.spawn<caf::detached>(journal_behavior, std::move(db), retention, std::move(sink));
}

caf::expected<caf::actor> spawn_journal(service_context& ctx, std::shared_ptr<journal_db> opened) {
  auto retention = ctx.cfg.journal.retention;
  if (ctx.cfg.node.mode == run_mode::backtest) {
    // A backtest's journal is written again by the same data, config and
    // seed: no write of it waits for the disk (journal_db::write_in_batches).
    if (!opened) {
      auto db = journal_db::open(journal_path(ctx.cfg.node.data_dir));
      if (!db)
        return std::move(db.error());
      opened = std::make_shared<journal_db>(std::move(*db));
    }
    if (auto err = opened->write_in_batches(backtest_writes_per_commit))
      return err;
  }
  if (opened)
    return caf::actor_cast<caf::actor>(
      spawn_journal(ctx.sys, std::move(opened), stderr_sink(), retention, own_threads(ctx.cfg)));
  return caf::actor_cast<caf::actor>(spawn_journal(ctx.sys, journal_path(ctx.cfg.node.data_dir),
                                                   stderr_sink(), retention,
                                                   own_threads(ctx.cfg)));
}

} // namespace tn
