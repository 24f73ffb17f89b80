#include "actors/trader/prompt.hpp"

#include <catch2/catch.hpp>

using namespace tn;

TEST_CASE("prompt_text: plain text and UTF-8 pass unchanged") {
  CHECK(prompt_text("BTCUSDT") == "BTCUSDT");
  CHECK(prompt_text("Résumé: ≥ 3σ, 😀") == "Résumé: ≥ 3σ, 😀");
}

TEST_CASE("prompt_text: control characters go, line breaks only where allowed") {
  CHECK(prompt_text("a\x07" "b\x1b[31mc\x7f" "d") == "ab[31mcd");
  CHECK(prompt_text("a\tb") == "a b");
  CHECK(prompt_text("one\ntwo\r\nthree") == "one two three");
  CHECK(prompt_text("one\ntwo\r\nthree", true) == "one\ntwo\nthree");
  // C1 controls (U+0085 NEL), line/paragraph separators, bidi overrides.
  CHECK(prompt_text("a\xc2\x85" "b") == "ab");
  CHECK(prompt_text("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c") == "a b c");
  CHECK(prompt_text("a\xe2\x80\xa8" "b", true) == "a\nb");
  CHECK(prompt_text("x\xe2\x80\xae" "evil\xe2\x81\xa6" "y\xe2\x80\x8f") == "xevily");
}

TEST_CASE("prompt_text: backticks cannot form a fence") {
  CHECK(prompt_text("```\nend") == "''' end");
  CHECK(prompt_text("a ` b", true) == "a ' b");
}

TEST_CASE("prompt_text: invalid UTF-8 becomes U+FFFD") {
  const std::string fffd = "\xef\xbf\xbd";
  CHECK(prompt_text("a\xff" "b") == "a" + fffd + "b");
  CHECK(prompt_text("\xc0\xaf") == fffd + fffd);             // overlong '/'
  CHECK(prompt_text("\xed\xa0\x80") == fffd + fffd + fffd);  // a surrogate
  CHECK(prompt_text("\xe2\x82") == fffd + fffd);             // truncated
  CHECK(prompt_text("\xf5\x80\x80\x80") == fffd + fffd + fffd + fffd); // beyond U+10FFFF
}
