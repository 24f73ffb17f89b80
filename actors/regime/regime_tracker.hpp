#pragma once

// The regime detector's logic, free of I/O and clocks: the daily closes it
// holds, which days it must fetch and when, when a fit is due, and the
// regime at the newest close. Time comes in as arguments (event time).
//
// Daily closes arrive two ways. The market stream's closed 1m bar that ends
// a UTC day carries that day's close (a daily bar closes with its last
// minute), so the regime is filtered again the moment the day ends. Every
// day the stream did not deliver — the warm-up window at start, a day the
// stream missed, a symbol the node does not stream — is fetched as closed
// daily klines over REST once `fetch_grace` has passed after its end.

#include "actors/market_listener/rest_klines.hpp"
#include "actors/regime/hmm_fit.hpp"
#include "actors/regime/regime_config.hpp"
#include "messages/market.hpp"
#include "messages/regime.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tn {

/// How long after a day ends the stream has to deliver its close before
/// the day is fetched over REST.
inline constexpr timespan fetch_grace = std::chrono::minutes{2};

class regime_tracker {
public:
  explicit regime_tracker(regime_config cfg);

  /// Event time is `now`: the closed daily bars to fetch, if days of the
  /// window are missing and no fetch is in flight or waiting to retry.
  /// The returned fetch counts as in flight.
  std::optional<bar_request> fetch_due(timestamp now);

  /// The in-flight fetch delivered `bars`: closed daily bars of the symbol
  /// are kept; days it asked for and did not get are not asked again
  /// (before a listing, or a simulator's short history). True if a day
  /// was added.
  bool on_history(const std::vector<candle>& bars);

  /// The in-flight fetch failed with `error`; the next waits until `retry_at`.
  void on_history_failed(const std::string& error, timestamp retry_at);

  /// A closed bar from the stream. True if it was the symbol's 1m bar that
  /// ends a UTC day and that day was new.
  bool on_closed(const candle& bar);

  /// Whether a fit should start now: enough returns, none running, and no
  /// model yet or refit_every passed since the last fit's newest day.
  bool fit_due() const;

  /// The returns to fit; the fit counts as running.
  std::vector<double> start_fit();

  /// The running fit's result; the regime is filtered with it at once.
  void on_fit(const regime_model& model);

  /// The regime, the probabilities and the model as of the newest close.
  const regime_status& status() const {
    return status_;
  }

  /// The newest returns of the window (at most cfg.days).
  std::vector<double> returns() const;

private:
  bool add_close(timestamp day, double close);
  void refresh();
  void trim();

  regime_config cfg_;
  std::map<timestamp, double> closes_; // by the day's open time
  std::set<timestamp> unavailable_;    // asked for, not served
  std::optional<bar_request> in_flight_;
  timestamp retry_at_{};
  // fetch_due() found every day of the window through this one held or
  // unavailable; reset whenever closes_ or unavailable_ change.
  std::optional<timestamp> complete_through_;
  hmm_params params_;
  timestamp fitting_through_{};
  std::string last_error_;
  regime_status status_;
};

/// The model as a message; `fit` ordered low_vol, high_vol.
regime_model to_regime_model(const hmm_fit& fit);

/// The model's parameters.
hmm_params to_hmm_params(const regime_model& model);

} // namespace tn
