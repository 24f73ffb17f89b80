#pragma once

// The macro regime's settings (the "macro" section of the config file).

#include "actors/macro_regime/quadrant.hpp"
#include "messages/fwd.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace tn {

struct macro_config {
  /// FRED series ids: growth (industrial production) and inflation (CPI).
  std::string growth_series = "INDPRO";
  std::string inflation_series = "CPIAUCSL";
  /// How each series becomes its indicator: "yoy" for levels, "level" for
  /// a series already in percent (e.g. A191RL1Q225SBEA, real GDP growth).
  series_measure growth_measure = series_measure::yoy;
  series_measure inflation_measure = series_measure::yoy;
  /// FRED CSV downloads of the two series, read when no API key is set;
  /// both or neither.
  std::string growth_file;
  std::string inflation_file;
  /// Moving average of each indicator over this many readings (months for
  /// monthly series), the newest included.
  uint32_t window = 12;
  /// An observation counts from its date + release_lag (FRED dates a month
  /// by its first day; CPI and industrial production appear about six
  /// weeks later). 50 days keeps a backtest from reading numbers before
  /// they were published.
  timespan release_lag = std::chrono::hours{24 * 50};
  /// An indicator whose newest counted value is older than this is unknown.
  timespan max_age = std::chrono::hours{24 * 100};
  /// Refresh cadence in event time, and the wait after a failed refresh.
  timespan refresh = std::chrono::hours{24};
  timespan retry = std::chrono::hours{1};
  /// The FRED API: used when the variable named auth_env holds a key.
  std::string base_url = "https://api.stlouisfed.org";
  std::string auth_env = "FRED_API_KEY";
  /// PEM bundle of trusted CAs; "" = the system store.
  std::string ca_file;
  /// Per request, connect included.
  timespan timeout = std::chrono::seconds{30};

  /// What read_quadrant needs of these.
  [[nodiscard]] quadrant_settings quadrant() const;

  /// "" if the settings are usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

/// True for a FRED series id: 1 to 40 of A-Z, 0-9 and _.
bool valid_series_id(const std::string& id);

} // namespace tn
