#include "actors/macro_regime/macro_config.hpp"
#include "actors/macro_regime/macro_section.hpp"

#include "messages/error.hpp"
#include "runtime/config/load.hpp"

#include <caf/atom.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <memory>

using namespace tn;
using namespace std::chrono_literals;

namespace {

env_lookup env_with(std::map<std::string, std::string> vars) {
  auto store = std::make_shared<const std::map<std::string, std::string>>(std::move(vars));
  return [store](const char* name) -> const char* {
    auto i = store->find(name);
    return i == store->end() ? nullptr : i->second.c_str();
  };
}

caf::expected<node_config> load(const std::string& yaml, const env_lookup& env = env_with({})) {
  return load_config_text(yaml, "t.yaml", {macro_section()}, env);
}

std::string refusal(const std::string& yaml, const env_lookup& env = env_with({})) {
  auto cfg = load(yaml, env);
  REQUIRE_FALSE(cfg);
  REQUIRE(cfg.error().code() == static_cast<uint8_t>(ec::invalid_config));
  return cfg.error().context().get_as<std::string>(0);
}

} // namespace

TEST_CASE("The macro section: defaults and every key read") {
  auto cfg = load("macro: {}\n");
  REQUIRE(cfg);
  auto& d = cfg->section<macro_config>();
  CHECK(d.growth_series == "INDPRO");
  CHECK(d.window == 12);
  CHECK(d.base_url == "https://api.stlouisfed.org");
  cfg = load("macro:\n"
             "  growth_series: A191RL1Q225SBEA\n"
             "  growth_measure: level\n"
             "  inflation_series: CPILFESL\n"
             "  window: 4\n"
             "  release_lag: 120d\n"
             "  max_age: 200d\n"
             "  refresh: 12h\n"
             "  retry: 30m\n"
             "  growth_file: g.csv\n"
             "  inflation_file: i.csv\n"
             "  auth_env: MY_FRED\n"
             "  base_url: http://127.0.0.1:9000/proxy\n"
             "  timeout: 5s\n");
  REQUIRE(cfg);
  auto& m = cfg->section<macro_config>();
  CHECK(m.growth_series == "A191RL1Q225SBEA");
  CHECK(m.growth_measure == series_measure::level);
  CHECK(m.inflation_measure == series_measure::yoy);
  CHECK(m.window == 4);
  CHECK(m.release_lag == 24h * 120);
  CHECK(m.max_age == 24h * 200);
  CHECK(m.refresh == 12h);
  CHECK(m.retry == 30min);
  CHECK(m.growth_file == "g.csv");
  CHECK(m.auth_env == "MY_FRED");
  CHECK(m.timeout == 5s);
}

TEST_CASE("The macro section refuses what cannot work") {
  CHECK(refusal("macro:\n  growth_series: indpro\n").find("macro.growth_series") != std::string::npos);
  CHECK(refusal("macro:\n  window: 1\n").find("macro.window") != std::string::npos);
  CHECK(refusal("macro:\n  growth_file: g.csv\n").find("set both growth_file and inflation_file")
        != std::string::npos);
  CHECK(refusal("macro:\n  retry: 2d\n").find("macro.retry") != std::string::npos);
  CHECK(refusal("macro:\n  growth_measure: mom\n").find("macro.growth_measure")
        != std::string::npos);
  CHECK(refusal("macro:\n  auth_env: abc-def\n").find("must name an environment variable")
        != std::string::npos);
  CHECK(refusal("macro:\n  base_url: ftp://x\n").find("macro.base_url") != std::string::npos);
  // The key itself in the file is refused as a secret.
  CHECK(refusal("macro:\n  api_key: abc\n").find("looks like a secret") != std::string::npos);
}

TEST_CASE("With a FRED key set, base_url must be https unless loopback") {
  auto keyed = env_with({{"FRED_API_KEY", "abcdef0123456789abcdef0123456789"}});
  auto why = refusal("macro:\n  base_url: http://fred.example.org\n", keyed);
  CHECK(why.find("macro.base_url") != std::string::npos);
  CHECK(why.find("would travel in clear text to fred.example.org") != std::string::npos);
  CHECK(why.find("abcdef0123456789") == std::string::npos);
  CHECK(load("macro:\n  base_url: http://127.0.0.1:8080\n", keyed));
  CHECK(load("macro:\n  base_url: https://fred.example.org\n", keyed));
  // Without a key nothing secret travels.
  CHECK(load("macro:\n  base_url: http://fred.example.org\n"));
}
