#include "actors/market_replay/file_derivatives.hpp"

#include "actors/derivatives/derivatives_actor.hpp"
#include "actors/derivatives/derivatives_config.hpp"
#include "actors/derivatives/derivs_answers.hpp"
#include "messages/error.hpp"
#include "runtime/clock.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>

#include <algorithm>

namespace tn {

namespace {

constexpr const char* monitor_name = "derivatives_monitor";

class file_derivatives : public derivatives_source {
public:
  file_derivatives(std::shared_ptr<const derivs_history> files,
                   std::shared_ptr<const replay_data> data, std::shared_ptr<const clock> now)
    : files_(std::move(files)), data_(std::move(data)), now_(std::move(now)) {
  }

  void fetch(const std::string& symbol, derivs_query what, std::string target, int64_t,
             const derivatives_monitor_actor& monitor) override {
    auto t = now_->now();
    std::string body, error;
    if (derivs_answer_at(*files_, symbol, what, target_limit(target, 1), t, mark(symbol, t), body,
                         error))
      caf::anon_send(monitor, atom::fetched_v, symbol, what, std::move(body));
    else
      caf::anon_send(monitor, atom::fetched_v, symbol, what, std::move(error), timespan{});
  }

  bool answers(const std::string& symbol, derivs_query what) const override {
    return derivs_answers(*files_, symbol, what);
  }

private:
  /// The close of the symbol's last 1m bar closed by `t` (within an hour).
  std::optional<decimal> mark(const std::string& symbol, timestamp t) const {
    auto minute = length_of(interval::m1);
    bar_request req;
    req.symbol = symbol;
    req.span = interval::m1;
    req.last = timestamp{std::chrono::floor<std::chrono::minutes>(t.time_since_epoch())} - minute;
    req.first = req.last - 59 * minute;
    auto bars = data_->history(req, t);
    if (bars.empty())
      return std::nullopt;
    // The bars are doubles (the analytics side); the answer carries 8 decimals.
    return decimal::from_double(bars.back().close);
  }

  std::shared_ptr<const derivs_history> files_;
  std::shared_ptr<const replay_data> data_;
  std::shared_ptr<const clock> now_;
};

} // namespace

std::shared_ptr<derivatives_source> make_file_derivatives(std::shared_ptr<const derivs_history> files,
                                                          std::shared_ptr<const replay_data> data,
                                                          std::shared_ptr<const clock> now) {
  return std::make_shared<file_derivatives>(std::move(files), std::move(data), std::move(now));
}

bool load_backtest_derivs(const std::vector<std::string>& funding,
                          const std::vector<std::string>& open_interest,
                          const std::vector<std::string>& long_short,
                          const std::vector<std::string>& symbols, bool futures, timestamp from,
                          timestamp to, derivs_history& out, std::vector<std::string>& warnings,
                          std::string& error) {
  if (funding.empty() && open_interest.empty() && long_short.empty())
    return true;
  if (!futures) {
    error = "backtest.funding, backtest.open_interest and backtest.long_short_ratio need a "
            "futures backtest (kline files under futures_um, or exchange.market: futures)";
    return false;
  }
  if (!out.load(funding, open_interest, long_short, error)) {
    error = (error.find(':') == std::string::npos ? "backtest: " : "") + error;
    return false;
  }
  for (auto& symbol : out.symbols()) {
    if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end()) {
      error = "backtest: funding, open interest or long/short ratio file for " + symbol
              + ", which no kline file replays";
      return false;
    }
    for (auto [span, what] : {std::pair{out.funding_span(symbol), "funding"},
                              std::pair{out.open_interest_span(symbol), "open interest"},
                              std::pair{out.long_short_span(symbol), "long/short ratio"}}) {
      if (!span)
        continue;
      if (span->first > from)
        warnings.push_back(std::string{"the "} + what + " file of " + symbol + " begins at "
                           + format_timestamp_seconds(span->first)
                           + ", after the replay's start: the monitor has no value before it");
      if (span->second + std::chrono::hours{24} < to)
        warnings.push_back(std::string{"the "} + what + " file of " + symbol + " ends at "
                           + format_timestamp_seconds(span->second)
                           + ", over a day before the replay's end: its last value stands on");
    }
  }
  return true;
}

std::vector<node_service> with_file_derivatives(std::vector<node_service> table,
                                                std::shared_ptr<const derivs_history> files,
                                                std::shared_ptr<const replay_data> data,
                                                std::shared_ptr<const clock> now) {
  if (!files || files->empty())
    return table;
  for (auto& s : table) {
    if (s.spec.name != monitor_name)
      continue;
    s.spec.spawn = [files, data, now](service_context& ctx) -> caf::expected<caf::actor> {
      if (auto refusal = derivatives_monitor_refusal(ctx))
        return refusal;
      auto& cfg = ctx.cfg.section<derivatives_config>();
      return caf::actor_cast<caf::actor>(spawn_derivatives_monitor(
        ctx.sys, cfg, ctx.cfg.market.symbols, std::string{}, make_file_derivatives(files, data, now)));
    };
    s.runs = [](const node_config& cfg) { return cfg.exchange.market == market_kind::futures; };
    s.summary = [files](const node_config& cfg) -> std::vector<std::string> {
      if (cfg.exchange.market != market_kind::futures)
        return {"derivatives: off (exchange.market is spot)"};
      auto& d = cfg.section<derivatives_config>();
      std::string kinds;
      for (auto& symbol : files->symbols()) {
        std::vector<std::string> of;
        for (auto [has, what] : {std::pair{files->has_funding(symbol), "funding"},
                                 std::pair{files->has_open_interest(symbol), "open interest"},
                                 std::pair{files->has_long_short(symbol), "long/short ratio"}})
          if (has)
            of.emplace_back(what);
        std::string list;
        for (size_t i = 0; i < of.size(); ++i)
          list += (i == 0 ? "" : i + 1 == of.size() ? " and " : ", ") + of[i];
        kinds += (kinds.empty() ? "" : ", ") + symbol + " (" + list + ")";
      }
      return {"derivatives: replayed from files as of replay time, " + kinds + ", every "
              + format_duration(d.quiet_interval) + " (" + format_duration(d.hot_interval)
              + " while the gate is hot), CVD from the replayed 1m bars"};
    };
  }
  return table;
}

} // namespace tn
