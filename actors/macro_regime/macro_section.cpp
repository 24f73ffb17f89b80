#include "actors/macro_regime/macro_section.hpp"

#include "actors/macro_regime/macro_config.hpp"
#include "runtime/config/destination.hpp"
#include "runtime/config/section_reader.hpp"

#include <chrono>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

void read_series(const map_reader& m, const char* key, std::string& out) {
  m.read(key, out);
  if (!valid_series_id(out))
    m.ctx().fail(m.at(key), "'" + out + "' is not a FRED series id (A-Z, 0-9, _), e.g. INDPRO");
}

// A key sent over clear text off this machine is a key given away.
void check_key_route(const map_reader& m, const macro_config& out) {
  const char* key = m.ctx().env()(out.auth_env.c_str());
  if (key == nullptr || *key == '\0')
    return;
  auto host = url_host(out.base_url);
  if (is_clear_text_url(out.base_url) && !is_loopback_host(host))
    m.ctx().fail(m.at("base_url"), "the FRED API key in $" + out.auth_env
                                     + " would travel in clear text to " + host
                                     + ": use https (plain http only on loopback)");
}

void read_macro(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<macro_config>();
  auto m = top.section("macro", {"growth_series", "inflation_series", "growth_measure",
                                 "inflation_measure", "growth_file", "inflation_file", "window",
                                 "release_lag", "max_age", "refresh", "retry", "base_url",
                                 "auth_env", "ca_file", "timeout"});
  read_series(m, "growth_series", out.growth_series);
  read_series(m, "inflation_series", out.inflation_series);
  for (auto [key, measure] : {std::pair{"growth_measure", &out.growth_measure},
                              {"inflation_measure", &out.inflation_measure}})
    m.read(key, *measure, {{"yoy", series_measure::yoy}, {"level", series_measure::level}});
  m.read("growth_file", out.growth_file);
  m.read("inflation_file", out.inflation_file);
  m.read("window", out.window, 2, 120);
  m.read("release_lag", out.release_lag, 0s, 24h * 400);
  m.read("max_age", out.max_age, 24h, 24h * 3660);
  m.read("refresh", out.refresh, 1h, 24h * 31);
  m.read("retry", out.retry, 1min, 24h * 31);
  m.read("base_url", out.base_url);
  detail::require_url(m, "base_url", out.base_url, {"https", "http"});
  m.read("auth_env", out.auth_env);
  if (!detail::valid_env_name(out.auth_env))
    m.ctx().fail(m.at("auth_env"), "must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), "
                                   "not hold the key itself");
  check_key_route(m, out);
  m.read("ca_file", out.ca_file);
  m.read("timeout", out.timeout, 1s, 10min);
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "macro", why);
}

} // namespace

config_section macro_section() {
  return {"macro", read_macro};
}

} // namespace tn
