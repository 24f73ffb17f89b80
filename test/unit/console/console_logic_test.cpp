// The console's pure parts: the token check and the choice of events.

#include "runtime/console/console.hpp"

#include <catch2/catch.hpp>

using tn::event;
using tn::last_events;
using tn::token_matches;

TEST_CASE("token_matches accepts exactly the expected token") {
  const std::string token = "0123456789abcdef";
  CHECK(token_matches(token, token));
  CHECK_FALSE(token_matches(token, "0123456789abcdeX"));
  CHECK_FALSE(token_matches(token, "X123456789abcdef"));
  CHECK_FALSE(token_matches(token, ""));
  CHECK_FALSE(token_matches(token, "0123456789abcde"));                  // a prefix
  CHECK_FALSE(token_matches(token, "0123456789abcdef0"));                // one more
  CHECK_FALSE(token_matches(token, token + token));                      // a repeat
  CHECK_FALSE(token_matches("", "anything"));
  CHECK(token_matches("", ""));
}

TEST_CASE("last_events keeps the newest events in order") {
  std::vector<event> xs;
  for (int i = 0; i < 5; ++i)
    xs.push_back(event{tn::timestamp{} + std::chrono::seconds{i}, "t", tn::severity::info,
                       std::to_string(i)});
  auto two = last_events(xs, 2);
  REQUIRE(two.size() == 2);
  CHECK(two[0].text == "3");
  CHECK(two[1].text == "4");
  CHECK(last_events(xs, 5).size() == 5);
  CHECK(last_events(xs, 50).size() == 5);
  CHECK(last_events(xs, 0).empty());
  CHECK(last_events({}, 3).empty());
}
