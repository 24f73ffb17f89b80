#pragma once

// Fakes of the order path's typed interfaces: a broker that answers with a
// settable account and records the orders, a tracker that answers with
// settable positions and records the exits.

#include "messages/actors.hpp"
#include "messages/lot_rule.hpp"
#include "messages/order.hpp"

#include <caf/all.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn::test {

struct broker_fake {
  account_state account;
  std::vector<order_request> orders;
  std::vector<std::string> cancels;
  uint32_t balance_requests = 0;
};

inline broker_actor::behavior_type fake_broker(broker_actor::pointer,
                                               std::shared_ptr<broker_fake> b) {
  return {
    [b](atom::order, order_request& o) { b->orders.push_back(std::move(o)); },
    [b](atom::cancel, std::string& id) { b->cancels.push_back(std::move(id)); },
    [b](atom::balance) {
      ++b->balance_requests;
      return b->account;
    },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct tracker_fake {
  std::vector<position> positions;
  std::vector<exit_request> exits;
  std::vector<std::vector<lot_rule>> lots; // every set of lot rules received
};

inline position_tracker_actor::behavior_type fake_tracker(position_tracker_actor::pointer,
                                                          std::shared_ptr<tracker_fake> t) {
  return {
    [t](atom::exit, exit_request& x) { t->exits.push_back(std::move(x)); },
    [t](atom::positions) { return t->positions; },
    [](atom::reconcile, const exchange_holdings&) { return uint32_t{0}; },
    [t](atom::rules, const std::vector<lot_rule>& x) { t->lots.push_back(x); },
    [](const order_update&) {},
    [](const fill&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

} // namespace tn::test
