#include "actors/agent/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono;

namespace {

// 2024-05-01 12:00:00 UTC
const timestamp now = timestamp{seconds{1714564800}};

attempt_outcome status(int code) {
  attempt_outcome x;
  x.status = code;
  return x;
}

} // namespace

TEST_CASE("statuses that retry and statuses that never do") {
  retry_config cfg;
  std::mt19937_64 rng{7};
  for (int code : {0, 408, 409, 429, 500, 502, 503, 529}) {
    INFO(code);
    auto d = decide_retry(cfg, 0, status(code), now, rng);
    CHECK(d.retry);
    CHECK(d.delay > timespan{});
  }
  for (int code : {400, 401, 403, 404, 413, 422}) {
    INFO(code);
    auto d = decide_retry(cfg, 0, status(code), now, rng);
    CHECK_FALSE(d.retry);
    CHECK_THAT(d.why, Catch::Contains("not retryable"));
  }
}

TEST_CASE("429 waits what retry-after asks and retry-after-ms takes precedence") {
  retry_config cfg;
  std::mt19937_64 rng{7};
  auto x = status(429);
  x.retry_after = "7";
  auto d = decide_retry(cfg, 0, x, now, rng);
  CHECK(d.retry);
  CHECK(d.delay == seconds{7});
  x.retry_after_ms = "1500";
  d = decide_retry(cfg, 0, x, now, rng);
  CHECK(d.delay == milliseconds{1500});
  CHECK_THAT(d.why, Catch::Contains("server's 1500 ms"));
}

TEST_CASE("retry-after parsing: ms, seconds, fractions, HTTP dates, garbage") {
  attempt_outcome x;
  CHECK_FALSE(requested_wait(x, now));
  x.retry_after_ms = "250.5";
  CHECK(requested_wait(x, now) == microseconds{250500});
  x.retry_after_ms = "soon"; // unreadable: fall back to retry-after
  x.retry_after = " 2.5 ";
  CHECK(requested_wait(x, now) == milliseconds{2500});
  x.retry_after_ms.reset();
  x.retry_after = "Wed, 01 May 2024 12:00:30 GMT";
  CHECK(requested_wait(x, now) == seconds{30});
  x.retry_after = "Wednesday, 01-May-24 12:00:45 GMT"; // RFC 850
  CHECK(requested_wait(x, now) == seconds{45});
  x.retry_after = "Wed May  1 12:01:00 2024"; // asctime
  CHECK(requested_wait(x, now) == seconds{60});
  x.retry_after = "Wed, 01 May 2024 11:59:00 GMT"; // in the past
  CHECK(requested_wait(x, now) == seconds{-60});
  for (auto bad : {"", "abc", "12abc", "Wed, 01 Foo 2024 12:00:30 GMT",
                   "Wed, 01 May 2024 12:00:30 CET", "Wed, 32 May 2024 12:00:30 GMT",
                   "Wed, 01 May 2024 25:00:30 GMT", "inf", "nan"}) {
    INFO(bad);
    x.retry_after = bad;
    CHECK_FALSE(requested_wait(x, now));
  }
}

TEST_CASE("HTTP dates in all three forms give the same instant") {
  auto t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(t);
  CHECK(to_unix_ms(*t) == 784111777000);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == t);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == t);
}

TEST_CASE("a server wait outside 0 to 60 s is ignored in favour of the backoff") {
  retry_config cfg;
  std::mt19937_64 rng{7};
  for (auto wait : {"0", "-3", "61", "3600", "Wed, 01 May 2024 11:00:00 GMT",
                    "Wed, 01 May 2024 13:00:00 GMT"}) {
    INFO(wait);
    auto x = status(529);
    x.retry_after = wait;
    auto d = decide_retry(cfg, 0, x, now, rng);
    CHECK(d.retry);
    CHECK(d.delay <= milliseconds{500});
    CHECK(d.delay > milliseconds{375});
    CHECK_THAT(d.why, Catch::Contains("backoff"));
  }
  auto x = status(429);
  x.retry_after = "60";
  CHECK(decide_retry(cfg, 0, x, now, rng).delay == seconds{60});
}

TEST_CASE("the backoff doubles from 0.5 s up to 8 s, jittered by at most 25 %") {
  retry_config cfg;
  cfg.max_retries = 10;
  std::mt19937_64 rng{42};
  const double nominal[] = {0.5, 1, 2, 4, 8, 8, 8};
  for (int n = 0; n < 7; ++n) {
    INFO(n);
    auto d = decide_retry(cfg, n, status(500), now, rng);
    auto s = duration<double>(d.delay).count();
    CHECK(s <= nominal[n]);
    CHECK(s > 0.75 * nominal[n]);
  }
}

TEST_CASE("the jitter comes from the seeded generator: same seed, same delays") {
  retry_config cfg;
  std::mt19937_64 a{1234}, b{1234}, c{99};
  auto da = decide_retry(cfg, 1, status(503), now, a).delay;
  CHECK(decide_retry(cfg, 1, status(503), now, b).delay == da);
  CHECK(decide_retry(cfg, 1, status(503), now, c).delay != da);
  cfg.jitter = 0;
  CHECK(decide_retry(cfg, 1, status(503), now, c).delay == seconds{1});
}

TEST_CASE("retries stop at max_retries and x-should-retry overrides the status rule") {
  retry_config cfg; // 2 retries
  std::mt19937_64 rng{7};
  CHECK(decide_retry(cfg, 1, status(500), now, rng).retry);
  auto d = decide_retry(cfg, 2, status(500), now, rng);
  CHECK_FALSE(d.retry);
  CHECK_THAT(d.why, Catch::Contains("giving up"));
  auto x = status(400);
  x.should_retry = "true";
  CHECK(decide_retry(cfg, 0, x, now, rng).retry);
  x = status(529);
  x.should_retry = "false";
  CHECK_FALSE(decide_retry(cfg, 0, x, now, rng).retry);
  cfg.max_retries = 0;
  CHECK_FALSE(decide_retry(cfg, 0, status(429), now, rng).retry);
}

TEST_CASE("retry configs are checked") {
  retry_config cfg;
  CHECK(check(cfg).empty());
  cfg.jitter = 1;
  CHECK_FALSE(check(cfg).empty());
  cfg = {};
  cfg.max_delay = milliseconds{100};
  CHECK_FALSE(check(cfg).empty());
  cfg = {};
  cfg.max_retries = -1;
  CHECK_FALSE(check(cfg).empty());
}
