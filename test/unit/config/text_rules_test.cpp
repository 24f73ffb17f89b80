// The pure rules under the loader: durations, ${ENV}, key names, URLs.

#include "runtime/config/duration.hpp"
#include "runtime/config/env_subst.hpp"
#include "runtime/config/keys.hpp"
#include "runtime/config/url_check.hpp"

#include "config_test_util.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

tn::timespan duration(const std::string& text) {
  tn::timespan out{};
  std::string error;
  INFO(text);
  REQUIRE(tn::parse_duration(text, out, error));
  return out;
}

std::string duration_error(const std::string& text) {
  tn::timespan out{};
  std::string error;
  INFO(text);
  REQUIRE_FALSE(tn::parse_duration(text, out, error));
  return error;
}

std::string substituted(const std::string& text, const tn::env_lookup& env) {
  std::string out;
  std::string error;
  INFO(text);
  if (!tn::substitute_env(text, env, out, error))
    FAIL(error);
  return out;
}

std::string substitution_error(const std::string& text, const tn::env_lookup& env) {
  std::string out;
  std::string error;
  INFO(text);
  REQUIRE_FALSE(tn::substitute_env(text, env, out, error));
  return error;
}

std::string url_error(const std::string& text, std::initializer_list<std::string_view> schemes) {
  std::string error;
  INFO(text);
  REQUIRE_FALSE(tn::check_url(text, schemes, error));
  return error;
}

} // namespace

TEST_CASE("durations take every unit and sequences of them") {
  CHECK(duration("500ms") == 500ms);
  CHECK(duration("30s") == 30s);
  CHECK(duration("5m") == 5min);
  CHECK(duration("1h") == 1h);
  CHECK(duration("2d") == 48h);
  CHECK(duration("250us") == 250us);
  CHECK(duration("7ns") == 7ns);
  CHECK(duration("0s") == 0s);
  CHECK(duration("1h30m") == 90min);
}

TEST_CASE("durations without a unit, with an unknown unit or a fraction are refused") {
  CHECK(duration_error("30") == "duration '30' needs a unit (ns, us, ms, s, m, h, d), e.g. 30s");
  CHECK(duration_error("30sec") == "unknown duration unit 'sec' in '30sec' (use ns, us, ms, s, m, h, d)");
  CHECK(duration_error("1.5s")
        == "duration '1.5s' needs a whole number; use a smaller unit (e.g. 1500ms, not 1.5s)");
  CHECK(duration_error("-5s") == "expected a duration, e.g. 30s, 500ms, 5m, 1h; got '-5s'");
  CHECK(duration_error("") == "expected a duration, e.g. 30s, 500ms, 5m, 1h; got nothing");
  CHECK(duration_error("99999999999999999999s") == "duration '99999999999999999999s' is too large");
  CHECK(duration_error("200000d") == "duration '200000d' is too large");
}

TEST_CASE("durations print in the largest exact unit and read back") {
  for (auto d : {tn::timespan{0s}, tn::timespan{500ms}, tn::timespan{30s}, tn::timespan{90s},
                 tn::timespan{5min}, tn::timespan{1h}, tn::timespan{48h}, tn::timespan{7ns}}) {
    auto text = tn::format_duration(d);
    CAPTURE(text);
    CHECK(duration(text) == d);
  }
  CHECK(tn::format_duration(1500ms) == "1500ms");
  CHECK(tn::format_duration(5min) == "5m");
  CHECK(tn::format_duration(24h) == "1d");
}

TEST_CASE("${NAME} and ${NAME:-default} are replaced from the given environment") {
  auto env = tn::test::fake_env({{"HOST", "127.0.0.1"}, {"PORT", "18443"}, {"EMPTY", ""}});
  CHECK(substituted("https://${HOST}:${PORT}", env) == "https://127.0.0.1:18443");
  CHECK(substituted("${MISSING:-var}/data", env) == "var/data");
  CHECK(substituted("${HOST:-nowhere}", env) == "127.0.0.1");
  CHECK(substituted("${EMPTY:-fallback}", env) == "fallback");
  CHECK(substituted("${EMPTY}", env).empty());
  CHECK(substituted("${MISSING:-}", env).empty());
  CHECK(substituted("no variables, $5 and $HOST", env) == "no variables, $5 and $HOST");
}

TEST_CASE("unset variables, bad names and an open ${ are refused") {
  auto env = tn::test::fake_env();
  CHECK(substitution_error("${TN_MISSING}", env)
        == "environment variable TN_MISSING is not set (write ${TN_MISSING:-default} to give a "
           "default)");
  CHECK(substitution_error("${1ABC}", env) == "invalid environment variable name '1ABC' in '${1ABC}'");
  CHECK(substitution_error("${}", env) == "invalid environment variable name '' in '${}'");
  CHECK(substitution_error("${HOST", env) == "'${' without a closing '}' in '${HOST'");
}

TEST_CASE("edit distance and the nearest known key") {
  CHECK(tn::edit_distance("", "") == 0);
  CHECK(tn::edit_distance("mode", "mode") == 0);
  CHECK(tn::edit_distance("mdoe", "mode") == 2);
  CHECK(tn::edit_distance("kitten", "sitting") == 3);
  std::vector<std::string_view> known{"heartbeat_interval", "heartbeat_file", "mode"};
  CHECK(tn::closest_key("heartbeat_intervl", known) == "heartbeat_interval");
  CHECK(tn::closest_key("mod", known) == "mode");
  CHECK(tn::closest_key("symbols", known).empty());
}

TEST_CASE("key names that look like secrets") {
  for (auto key : {"api_key", "secret", "secret_key", "token", "auth_token", "password",
                   "API_KEY", "apikey", "private_key", "access_key", "db_passwd"}) {
    CAPTURE(key);
    CHECK(tn::looks_like_secret(key));
  }
  for (auto key : {"max_tokens", "ca_file", "keys", "symbols", "monkey", "key_path"}) {
    CAPTURE(key);
    CHECK_FALSE(tn::looks_like_secret(key));
  }
  CHECK(std::string{tn::secret_env_hint("exchange.api_key")} == "BINANCE_API_KEY");
  CHECK(std::string{tn::secret_env_hint("exchange.secret_key")} == "BINANCE_SECRET_KEY");
  CHECK(std::string{tn::secret_env_hint("agent.api_key")} == "ANTHROPIC_API_KEY");
}

TEST_CASE("URLs: scheme, host and port") {
  std::string error;
  CHECK(tn::check_url("https://127.0.0.1:18443", {"https", "http"}, error));
  CHECK(tn::check_url("http://localhost/api", {"https", "http"}, error));
  CHECK(tn::check_url("wss://stream.binance.com:9443/stream?streams=a", {"wss", "ws"}, error));
  CHECK(tn::check_url("wss://[::1]:18443", {"wss", "ws"}, error));
  CHECK(url_error("ws://x", {"https", "http"}) == "URL scheme must be https or http, got 'ws'");
  CHECK(url_error("127.0.0.1:18443", {"https", "http"})
        == "expected a URL like https://host[:port], got '127.0.0.1:18443'");
  CHECK(url_error("https://", {"https"}) == "URL has no host");
  CHECK(url_error("https://:443/", {"https"}) == "URL has no host");
  CHECK(url_error("https://host:0", {"https"}) == "URL port must be a number in 1..65535, got '0'");
  CHECK(url_error("https://host:65536", {"https"})
        == "URL port must be a number in 1..65535, got '65536'");
  CHECK(url_error("https://host:8x", {"https"}) == "URL port must be a number in 1..65535, got '8x'");
  CHECK(url_error("https://host:", {"https"}) == "URL has an empty port");
  CHECK(url_error("https://ho st", {"https"}) == "URL has an invalid host 'ho st'");
  CHECK(url_error("https://user:pw@host", {"https"})
        == "URL must not contain credentials; put them in the environment");
  CHECK(url_error("wss://[::1", {"wss"}) == "URL has an unterminated IPv6 address");
}
