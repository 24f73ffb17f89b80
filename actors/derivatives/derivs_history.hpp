#pragma once

// A futures backtest's funding events, open interest points and long/short
// account ratio points per symbol,
// loaded from the files derivs_files.hpp reads, and asked as of a time:
// nothing after that time is ever answered. Pure: reads the named files,
// no CAF.

#include "actors/derivatives/derivs_files.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tn {

/// Funding, open interest and the long/short ratio per symbol, asked as of
/// a time.
class derivs_history {
public:
  /// Loads `funding`, `open_interest` and `long_short` (ratio) files: each
  /// a path whose file name starts with the symbol
  /// (BTCUSDT-fundingRate-....csv) or SYMBOL=path. At most one file of each
  /// kind per symbol. False with `error` set.
  bool load(const std::vector<std::string>& funding, const std::vector<std::string>& open_interest,
            const std::vector<std::string>& long_short, std::string& error);

  void add_funding(const std::string& symbol, std::vector<funding_event> events);
  void add_open_interest(const std::string& symbol, std::vector<oi_point> points);
  void add_long_short(const std::string& symbol, std::vector<long_short_point> points);

  bool empty() const { return funding_.empty() && oi_.empty() && ratio_.empty(); }
  bool has_funding(const std::string& symbol) const { return funding_.count(symbol) > 0; }
  bool has_open_interest(const std::string& symbol) const { return oi_.count(symbol) > 0; }
  bool has_long_short(const std::string& symbol) const { return ratio_.count(symbol) > 0; }

  /// The symbols with a file of either kind, ascending.
  std::vector<std::string> symbols() const;

  /// The last funding event with time <= `t`; none before the first.
  std::optional<funding_event> funding_at(const std::string& symbol, timestamp t) const;

  /// Every funding event of `symbol`, in time order (empty without a
  /// file): the paper broker's settlement schedule, which uses each event
  /// only once replay time reaches it.
  const std::vector<funding_event>& funding_events(const std::string& symbol) const;

  /// The funding time after the last one at or before `t`: that time's hour
  /// plus the interval between it and the one before (whole hours), 8 h
  /// with only one. Known from the schedule, not from the events after `t`.
  std::optional<timestamp> next_funding(const std::string& symbol, timestamp t) const;

  /// The last `limit` open interest points with time <= `t`, oldest first.
  std::vector<oi_point> open_interest_at(const std::string& symbol, timestamp t,
                                         size_t limit) const;

  /// The last `limit` long/short ratio points with time <= `t`, oldest
  /// first.
  std::vector<long_short_point> long_short_at(const std::string& symbol, timestamp t,
                                              size_t limit) const;

  /// The first and last time of the symbol's funding events / open
  /// interest points / long/short ratio points (none without).
  std::optional<std::pair<timestamp, timestamp>> funding_span(const std::string& symbol) const;
  std::optional<std::pair<timestamp, timestamp>> open_interest_span(const std::string& symbol) const;
  std::optional<std::pair<timestamp, timestamp>> long_short_span(const std::string& symbol) const;

private:
  std::map<std::string, std::vector<funding_event>> funding_;
  std::map<std::string, std::vector<oi_point>> oi_;
  std::map<std::string, std::vector<long_short_point>> ratio_;
};

/// The symbol of a file spec: SYMBOL=path, or the file name's part before
/// its first '-'. Empty when neither gives an upper-case symbol.
std::string derivs_spec_symbol(const std::string& spec, std::string& path);

} // namespace tn
