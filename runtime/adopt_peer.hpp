#pragma once

// How a service takes a peer's handle from the supervisor's announcement:
// the slot named `expected` gets the handle announced under that name.

#include <caf/actor_cast.hpp>
#include <caf/fwd.hpp>

#include <string>

namespace tn {

/// Stores `hdl` in `slot` if `name` is `expected`; true if it did.
template <class Handle>
bool adopt_peer(const std::string& name, const char* expected, const caf::strong_actor_ptr& hdl,
                Handle& slot) {
  if (name != expected)
    return false;
  slot = caf::actor_cast<Handle>(hdl);
  return true;
}

} // namespace tn
