#pragma once

// Fixed-point money on the wire: a decimal crosses actor boundaries and the
// network as its integer units, never as a double.

#include "runtime/money/decimal.hpp"

#include <caf/meta/type_name.hpp>

namespace tn {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, decimal& x) {
  return f(caf::meta::type_name("decimal"), x.units);
}

} // namespace tn
