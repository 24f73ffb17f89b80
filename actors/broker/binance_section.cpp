#include "actors/broker/binance_section.hpp"

#include "actors/broker/binance_config.hpp"
#include "runtime/config/section_reader.hpp"

namespace tn {

namespace {

using detail::map_reader;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

void read_binance(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<binance_config>();
  out.market = cfg.exchange.market;
  auto m = top.section("binance", {"quote_asset", "recv_window", "maker_fallback",
                                   "poll_interval", "time_sync", "leverage", "margin_type"});
  m.read("quote_asset", out.quote_asset);
  m.read("recv_window", out.recv_window, milliseconds{1}, seconds{60});
  m.read("maker_fallback", out.maker_fallback, timespan{}, hours{24});
  if (m.has("poll_interval")) {
    auto p = m.section("poll_interval", {"initial", "max"});
    p.read("initial", out.poll_initial, milliseconds{100}, hours{1});
    p.read("max", out.poll_max, milliseconds{100}, hours{1});
  }
  m.read("time_sync", out.time_sync, timespan{}, hours{24});
  m.read("leverage", out.leverage, 1, 125);
  m.read("margin_type", out.margin,
         {{"cross", margin_type::cross}, {"isolated", margin_type::isolated}});
  if (auto why = out.validate(); !why.empty())
    detail::refuse_section(top, m, "binance", why);
}

} // namespace

config_section binance_section() {
  return {"binance", read_binance};
}

} // namespace tn
