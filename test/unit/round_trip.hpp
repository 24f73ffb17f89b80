#pragma once

// A message through CAF's binary serializer and back, as the middleman
// sends it to another node.

#include <caf/actor_system.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include <catch2/catch.hpp>

#include <vector>

namespace tn::test {

template <class T>
T round_trip(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  REQUIRE_FALSE(sink(x));
  T copy;
  caf::binary_deserializer source{sys, buf};
  REQUIRE_FALSE(source(copy));
  return copy;
}

} // namespace tn::test
