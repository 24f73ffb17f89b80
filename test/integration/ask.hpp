#pragma once

// A blocking request for tests that drive real actors from a scoped_actor.

#include <caf/error.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <utility>

namespace tn::test {

/// Sends `xs` to `dest` and waits (5 s at most) for a reply of type T.
/// @returns true with the reply in `out`; false on an error or a timeout.
template <class T, class Handle, class... Ts>
bool ask(caf::scoped_actor& self, const Handle& dest, T& out, Ts&&... xs) {
  bool ok = false;
  self->request(dest, std::chrono::seconds{5}, std::forward<Ts>(xs)...)
    .receive(
      [&](T& x) {
        out = std::move(x);
        ok = true;
      },
      [](caf::error&) {});
  return ok;
}

} // namespace tn::test
