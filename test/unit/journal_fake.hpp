#pragma once

// One journal test double for every actor test that needs a journal peer:
// it keeps what it is sent and answers from what it keeps, and a test sets
// how it answers (a write error, held or refused order intents, the state a
// restart restores). An interface change is made here once.

#include "messages/actors.hpp"
#include "messages/decision.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// What the fake journal was sent, and how it answers.
struct journal_fake {
  // Decisions and the gate's schedule.
  std::vector<decision_record> rows;    // every decision kept, oldest first
  std::vector<gate_schedule> schedules; // every one saved, oldest first
  std::vector<uint32_t> decision_counts; // the counts atom::decisions was asked for
  timestamp spent_day;                   // what atom::spent answers
  double spent_usd = 0;
  std::string unhealthy;   // why it cannot write ("" while it can)
  std::string write_error; // why it loses the decisions sent to it ("" while it keeps them)
  std::string epoch = "5eed0001"; // what atom::epoch answers
  // The order path.
  bool hold_intents = false; // park the intents' answers until the test sends caf::ok_atom
  std::string fail_intents;  // answer every intent with this error
  std::vector<order_request> intents;
  std::vector<order_update> updates;
  std::vector<fill> fills;
  std::vector<risk_verdict> verdicts;
  std::vector<std::vector<asset_balance>> balances;
  std::vector<size_t> step_fills; // per step journaled in one transaction: its fills
  std::vector<position> positions;  // every position row written, oldest first
  std::vector<position_exit> exits; // every exit written, oldest first
  std::vector<funding_payment> funding; // every funding payment written, oldest first
  execution_journal kept;           // what atom::restore answers
  std::vector<journaled_order> orders; // what atom::orders answers, newest last
  std::vector<uint32_t> order_counts;  // the counts atom::orders was asked for
  std::vector<caf::typed_response_promise<uint64_t>> parked;
};

/// The journal's interface, plus a message that answers the parked intents
/// (a promise is delivered from inside its actor).
using journal_fake_actor = journal_actor::extend<caf::reacts_to<caf::ok_atom>>;

template <class T>
std::vector<T> newest(const std::vector<T>& xs, uint32_t count) {
  auto n = std::min<size_t>(count, xs.size());
  return std::vector<T>(xs.end() - static_cast<std::ptrdiff_t>(n), xs.end());
}

inline journal_fake_actor::behavior_type fake_journal(journal_fake_actor::pointer self,
                                                      std::shared_ptr<journal_fake> j) {
  return {
    [j](caf::ok_atom) {
      for (auto& rp : j->parked)
        rp.deliver(uint64_t{1});
      j->parked.clear();
    },
    [](atom::publish, const event&) {},
    [j](atom::publish, decision_record& rec) -> caf::result<uint64_t> {
      if (!j->write_error.empty())
        return caf::make_error(ec::storage_error, j->write_error);
      j->rows.push_back(std::move(rec));
      return static_cast<uint64_t>(j->rows.size());
    },
    [j](atom::decisions, uint32_t count) {
      j->decision_counts.push_back(count);
      return newest(j->rows, count);
    },
    [j](atom::spent) { return std::make_tuple(j->spent_day, j->spent_usd); },
    [j](atom::memory) {
      for (auto i = j->rows.rbegin(); i != j->rows.rend(); ++i)
        if (i->chosen.source == decision_source::model && !i->chosen.memory_update.empty())
          return i->chosen.memory_update;
      return std::string{};
    },
    [j](atom::publish, const gate_schedule& x) { j->schedules.push_back(x); },
    [j](atom::schedule) { return newest(j->schedules, 1); },
    [j](atom::flush) { return static_cast<uint64_t>(j->rows.size()); },
    [j](atom::health) { return std::make_tuple(j->unhealthy.empty(), j->unhealthy); },
    [j](atom::epoch) { return j->epoch; },
    [self, j](atom::order, const order_request& x) -> caf::result<uint64_t> {
      j->intents.push_back(x);
      if (!j->fail_intents.empty())
        return caf::make_error(ec::storage_error, j->fail_intents);
      if (!j->hold_intents)
        return uint64_t{1};
      auto rp = self->make_response_promise<uint64_t>();
      j->parked.push_back(rp);
      return rp;
    },
    [j](atom::publish, const order_update& x) {
      j->updates.push_back(x);
      return uint64_t{1};
    },
    [j](atom::publish, const fill& x) {
      j->fills.push_back(x);
      return uint64_t{1};
    },
    [j](atom::publish, const position& x) {
      j->positions.push_back(x);
      return uint64_t{1};
    },
    [j](atom::publish, const position_exit& x) {
      j->exits.push_back(x);
      return uint64_t{1};
    },
    [j](atom::publish, const risk_verdict& x) { j->verdicts.push_back(x); },
    [j](atom::publish, const std::vector<asset_balance>& xs) {
      j->balances.push_back(xs);
      return uint64_t{xs.size()};
    },
    [j](atom::publish, const std::vector<fill>& fills, const std::vector<order_update>& updates,
        const std::vector<asset_balance>& balances) {
      j->step_fills.push_back(fills.size());
      j->fills.insert(j->fills.end(), fills.begin(), fills.end());
      j->updates.insert(j->updates.end(), updates.begin(), updates.end());
      j->balances.push_back(balances);
      return uint64_t{fills.size() + updates.size()};
    },
    [j](atom::publish, const std::vector<funding_payment>& payments,
        const std::vector<asset_balance>& balances) {
      j->funding.insert(j->funding.end(), payments.begin(), payments.end());
      j->balances.push_back(balances);
      return uint64_t{payments.size()};
    },
    [j](atom::restore) { return j->kept; },
    [j](atom::orders, uint32_t count) {
      j->order_counts.push_back(count);
      return newest(j->orders, count);
    },
    // The learner: no decisions to learn from, writes accepted.
    [](atom::entry, uint64_t, const std::string&) { return learner_entry{}; },
    [](atom::publish, const learner_update&) { return uint64_t{1}; },
    [](atom::learner) { return learner_journal{}; },
    [](const tick_batch&) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"journal", {}, {}}; },
  };
}

} // namespace tn::test
