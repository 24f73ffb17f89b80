#include "runtime/journal/journal_actor.hpp"

#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"
#include "runtime/event_log.hpp"
#include "runtime/journal/journal_writer.hpp"

#include <caf/all.hpp>

#include <optional>

namespace tn {

namespace {

struct journal_state {
  static inline const char* name = "journal";
  std::optional<journal_writer> writer;
  line_sink sink;

  void tell(const std::optional<event>& e) const {
    if (e && sink)
      sink(format_event_line(*e));
  }

  // CAF destroys the state when the actor terminates, before its attached
  // functors run, so the close lives here.
  ~journal_state() {
    if (writer)
      tell(writer->close());
  }
};

/// A query's answer, or its error.
template <class T>
caf::result<T> answer(caf::expected<T> x) {
  if (!x)
    return std::move(x.error());
  return std::move(*x);
}

journal_actor::behavior_type journal_behavior(journal_actor::stateful_pointer<journal_state> self,
                                              const std::string& path, line_sink sink) {
  self->state.sink = std::move(sink);
  auto db = journal_db::open(path);
  if (!db) {
    self->quit(std::move(db.error()));
    return journal_actor::behavior_type::make_empty_behavior();
  }
  self->state.writer.emplace(std::move(*db));
  return {
    [self](atom::publish, const event& e) { self->state.tell(self->state.writer->write(e)); },
    [self](atom::publish, const decision_record& x) {
      self->state.tell(self->state.writer->write(x));
    },
    [self](const tick_batch& batch) { self->state.tell(self->state.writer->write(batch)); },
    [self](atom::publish, const gate_schedule& x) {
      self->state.tell(self->state.writer->write(x));
    },
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
    [self](atom::schedule) -> caf::result<std::vector<gate_schedule>> {
      return answer(self->state.writer->db().load_schedule());
    },
    // Every message commits before the next is read: reaching this one
    // means everything before it is on disk.
    [self](atom::flush) { return self->state.writer->rows_written(); },
    // The journal depends on nobody.
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [self](atom::status) { return self->state.writer->status(); },
  };
}

} // namespace

journal_actor spawn_journal(caf::actor_system& sys, std::string path, line_sink sink) {
  return sys.spawn<caf::detached>(journal_behavior, std::move(path), std::move(sink));
}

caf::expected<caf::actor> spawn_journal(service_context& ctx) {
  return caf::actor_cast<caf::actor>(
    spawn_journal(ctx.sys, journal_path(ctx.cfg.node.data_dir), stderr_sink()));
}

} // namespace tn
