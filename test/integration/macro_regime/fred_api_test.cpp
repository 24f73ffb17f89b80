// The macro regime actor against a loopback HTTPS server that answers like
// the FRED API (series/observations, JSON), through runtime/net.

#include "actors/macro_regime/fred_client.hpp"
#include "actors/macro_regime/macro_regime_actor.hpp"
#include "messages/events.hpp"
#include "messages/register.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "test/integration/ask.hpp"
#include "test/integration/net/net_test_util.hpp"
#include "test/integration/net/raw_server.hpp"
#include "test/unit/macro_regime/series_util.hpp"
#include "test/unit/market_actors/recording_sink.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_actor.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;
using net::test::pki;

namespace {

constexpr int months = 36;
const std::string key = "abcdef0123456789abcdef0123456789";

double up(int i) {
  return 1.0 + 0.1 * i;
}
double down(int i) {
  return 8.0 - 0.1 * i;
}

/// FRED's JSON for `xs`, the value of `missing_at` written as ".".
std::string fred_json(const std::vector<observation>& xs, int missing_at = -1) {
  std::ostringstream out;
  out.precision(17);
  out << R"({"realtime_start":"2018-01-21","realtime_end":"2018-01-21","units":"lin",)"
      << R"("count":)" << xs.size() << R"(,"observations":[)";
  for (size_t i = 0; i < xs.size(); ++i) {
    out << (i ? "," : "") << R"({"realtime_start":"2018-01-21","realtime_end":"2018-01-21",)"
        << R"("date":")" << format_iso_date(xs[i].date) << R"(","value":")";
    if (static_cast<int>(i) == missing_at)
      out << ".";
    else
      out << xs[i].value;
    out << R"("})";
  }
  out << "]}";
  return out.str();
}

/// The query parameter `name` of `target`.
std::string param(const std::string& target, const std::string& name) {
  auto q = target.find('?');
  if (q == std::string::npos)
    return {};
  std::istringstream in{target.substr(q + 1)};
  std::string kv;
  while (std::getline(in, kv, '&'))
    if (kv.rfind(name + "=", 0) == 0)
      return kv.substr(name.size() + 1);
  return {};
}

/// A loopback HTTPS server answering series/observations from a table the
/// test changes; it records every target.
struct fake_fred {
  std::mutex mutex;
  std::map<std::string, net::http_response> answers; // by series_id
  std::vector<std::string> targets;
  std::shared_ptr<net::server> server;

  void start(net::io_thread& io) {
    net::server_handlers h;
    h.on_http = [this](const net::http_request& req, std::function<void(net::http_response)> respond) {
      std::lock_guard<std::mutex> guard{mutex};
      targets.push_back(req.target);
      auto path = req.target.substr(0, req.target.find('?'));
      auto i = answers.find(param(req.target, "series_id"));
      if (path != "/fred/series/observations" || i == answers.end())
        return respond({404, {}, R"({"error_code":404,"error_message":"Not Found."})"});
      respond(i->second);
    };
    auto tls = net::test::server_tls();
    std::string error;
    server = net::server::listen(io, "127.0.0.1", 0, &tls, std::move(h), error);
    INFO(error);
    REQUIRE(server);
  }

  void answer(const std::string& series, net::http_response res) {
    std::lock_guard<std::mutex> guard{mutex};
    answers[series] = std::move(res);
  }

  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> guard{mutex};
    return targets;
  }
};

struct system_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{prepare(cfg)};
  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    add_message_types(c);
    return c;
  }
};

struct fred_fixture : system_fixture {
  net::io_thread io;
  fake_fred fred;
  caf::scoped_actor self{sys};
  received_events events = std::make_shared<std::vector<event>>();
  event_log_actor log = sys.spawn(record_events, events);
  macro_regime_actor aut;

  fred_fixture() {
    fred.start(io);
    start_actor(fred.server->port());
  }

  /// The actor asking https://127.0.0.1:`port`.
  void start_actor(uint16_t port) {
    stop_actor();
    macro_config cfg;
    cfg.base_url = "https://127.0.0.1:" + std::to_string(port);
    cfg.ca_file = pki("ca.pem");
    cfg.timeout = 10s;
    std::string error;
    auto client = fred_client::make(io, cfg.base_url, key, cfg.ca_file, cfg.timeout, error);
    INFO(error);
    REQUIRE(client);
    aut = spawn_macro_regime(sys, cfg, macro_source::fred, client);
    self->send(aut, atom::announce_v, std::string{"event_log"},
               caf::actor_cast<caf::strong_actor_ptr>(log));
  }

  // The actor's state holds the FRED client, which must go before the I/O
  // thread does.
  void stop_actor() {
    if (!aut)
      return;
    self->send_exit(aut, caf::exit_reason::user_shutdown);
    self->wait_for(aut);
    aut = nullptr;
  }

  ~fred_fixture() {
    stop_actor();
    self->send_exit(log, caf::exit_reason::user_shutdown);
    io.stop();
  }

  std::vector<event> logged() {
    std::vector<event> out;
    REQUIRE(ask(self, log, out, atom::events_v, std::string{}));
    return out;
  }

  /// Waits (generously) until `pred` holds for the logged events.
  std::vector<event> wait_events(const std::function<bool(const std::vector<event>&)>& pred) {
    auto deadline = std::chrono::steady_clock::now() + net::test::patience;
    for (;;) {
      auto xs = logged();
      if (pred(xs) || std::chrono::steady_clock::now() > deadline)
        return xs;
      std::this_thread::sleep_for(20ms);
    }
  }

  std::string regime() {
    std::string out;
    REQUIRE(ask(self, aut, out, atom::macro_v));
    return out;
  }

  status_report status() {
    status_report out;
    REQUIRE(ask(self, aut, out, atom::status_v));
    return out;
  }
};

net::http_response ok(std::string body) {
  return {200, {{"Content-Type", "application/json"}}, std::move(body)};
}

timestamp start() {
  return month(months - 1) + 24h * 51;
}

} // namespace

TEST_CASE_METHOD(fred_fixture, "The macro regime from the FRED API over loopback HTTPS") {
  fred.answer("INDPRO", ok(fred_json(levels_with_yoy(months, up), 3)));
  fred.answer("CPIAUCSL", ok(fred_json(levels_with_yoy(months, down))));
  self->send(aut, atom::time_v, start());
  auto xs = wait_events([](auto& xs) { return !xs.empty(); });
  REQUIRE(xs.size() == 1);
  CHECK(xs[0].topic == "macro_regime");
  CHECK(xs[0].level == severity::info);
  CHECK(xs[0].text.find("macro regime goldilocks (growth rising") == 0);
  CHECK(regime() == "goldilocks");

  auto targets = fred.seen();
  REQUIRE(targets.size() == 2);
  std::vector<std::string> series;
  for (auto& t : targets) {
    CHECK(t.rfind("/fred/series/observations?", 0) == 0);
    CHECK(param(t, "api_key") == key);
    CHECK(param(t, "file_type") == "json");
    // The window and the year before it, for quarterly series too.
    CHECK(param(t, "observation_start") == "2013-01-07");
    series.push_back(param(t, "series_id"));
  }
  std::sort(series.begin(), series.end());
  CHECK(series == std::vector<std::string>{"CPIAUCSL", "INDPRO"});

  // Not due again before a day of event time.
  self->send(aut, atom::time_v, start() + 23h);
  CHECK(regime() == "goldilocks");
  CHECK(fred.seen().size() == 2);
  auto st = status();
  CHECK(st.facts.at("source") == "fred");
  CHECK(st.counters.at("refreshes") == 1);
}

TEST_CASE_METHOD(fred_fixture, "A failing FRED API is one warning, keeps the regime, never shows the key") {
  fred.answer("INDPRO", ok(fred_json(levels_with_yoy(months, up))));
  fred.answer("CPIAUCSL", ok(fred_json(levels_with_yoy(months, up))));
  self->send(aut, atom::time_v, start());
  wait_events([](auto& xs) { return !xs.empty(); });
  REQUIRE(regime() == "reflation");

  // FRED refuses, echoing the request (key included) in its message.
  fred.answer("CPIAUCSL", {400,
                           {{"Content-Type", "application/json"}},
                           R"({"error_code":400,"error_message":"Bad Request. api_key=)" + key
                             + R"( is not registered."})"});
  for (int h = 0; h < 4; ++h) {
    auto before = fred.seen().size();
    self->send(aut, atom::time_v, start() + 24h + 1h * h);
    auto deadline = std::chrono::steady_clock::now() + net::test::patience;
    while (fred.seen().size() < before + 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    REQUIRE(fred.seen().size() == before + 2);
    // The answers are in once the failure is counted.
    deadline = std::chrono::steady_clock::now() + net::test::patience;
    while (status().counters.at("refreshes_failed") < h + 1
           && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
  }
  auto st = status();
  CHECK(st.counters.at("refreshes_failed") == 4);
  auto xs = logged();
  auto warned = warnings(xs);
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].find("cannot refresh the macro regime from fred (CPIAUCSL: HTTP 400: Bad "
                       "Request. api_key=*** is not registered.); keeping reflation")
        == 0);
  for (auto& e : xs)
    CHECK(e.text.find(key) == std::string::npos);
  CHECK(st.facts.at("last_failure").find(key) == std::string::npos);
  CHECK(regime() == "reflation");

  // Back: said once, with the attempts it took.
  fred.answer("CPIAUCSL", ok(fred_json(levels_with_yoy(months, down))));
  self->send(aut, atom::time_v, start() + 28h);
  xs = wait_events([](auto& xs) { return xs.size() >= 3; });
  REQUIRE(xs.size() == 3);
  CHECK(xs.back().text.find("macro regime goldilocks") == 0);
  CHECK(xs.back().text.find("(refreshed again after 4 failed attempts)") != std::string::npos);
  CHECK(regime() == "goldilocks");
}

TEST_CASE_METHOD(fred_fixture, "An unreachable FRED API is one warning, not one per retry") {
  net::test::reserved_port nobody;
  start_actor(nobody.port());
  for (int h = 0; h < 5; ++h) {
    self->send(aut, atom::time_v, start() + 1h * h);
    auto deadline = std::chrono::steady_clock::now() + net::test::patience;
    while (status().counters.at("refreshes_failed") < h + 1
           && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
  }
  auto st = status();
  CHECK(st.counters.at("refreshes_failed") == 5);
  CHECK(st.facts.at("regime") == "unknown");
  auto warned = warnings(logged());
  REQUIRE(warned.size() == 1);
  auto where = "GET https://127.0.0.1:" + std::to_string(nobody.port())
               + "/fred/series/observations: ";
  CHECK(warned[0].find("cannot refresh the macro regime from fred (INDPRO: " + where) == 0);
  CHECK(warned[0].find("CPIAUCSL: " + where) != std::string::npos);
  CHECK(warned[0].find("keeping unknown, retrying every 60 min") != std::string::npos);
  CHECK(fred.seen().empty());
}
