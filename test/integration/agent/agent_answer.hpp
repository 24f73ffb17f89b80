#pragma once

// The agent's answer to a request a test made from a scoped actor.

#include "messages/model.hpp"

#include <caf/actor_system.hpp>
#include <caf/error.hpp>
#include <catch2/catch.hpp>

#include <utility>

namespace tn::test {

/// Waits for the agent_answer of the request `rh`; the test fails on an
/// error.
template <class ResponseHandle>
agent_answer receive_answer(ResponseHandle&& rh, caf::actor_system& sys) {
  agent_answer out;
  bool ok = false;
  rh.receive(
    [&](agent_answer& x) {
      out = std::move(x);
      ok = true;
    },
    [&](caf::error& err) { FAIL("agent: " << sys.render(err)); });
  REQUIRE(ok);
  return out;
}

} // namespace tn::test
