#pragma once

// The regime detector's settings (the "regime:" section).

#include "actors/regime/hmm_fit.hpp"
#include "messages/fwd.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace tn {

struct regime_config {
  /// Whose daily returns define the regime (exchange form).
  std::string symbol = "BTCUSDT";
  /// Daily returns in the fit window (the newest ones); fetched at start.
  uint32_t days = 365;
  /// Returns needed before the first fit (a symbol with less history, or
  /// a simulator with a short series, waits for more).
  uint32_t min_days = 60;
  /// Event time from one fit's newest day to the next fit.
  timespan refit_every = std::chrono::hours{24 * 7};
  /// Baum-Welch starts, seed, iteration cap and tolerance.
  hmm_options hmm;

  /// "" if usable, else the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
