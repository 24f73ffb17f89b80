#pragma once

// The macro regime's logic, without actors: when to refresh (event time),
// the two series of a refresh arriving, the quadrant they give, and what to
// tell the operator. Where the series come from (CSV files or the FRED API)
// is the actor's business; this only knows which it is, for its words.

#include "actors/macro_regime/fred_series.hpp"
#include "actors/macro_regime/macro_config.hpp"
#include "actors/macro_regime/quadrant.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace tn {

enum class macro_source : uint8_t {
  none = 0, ///< neither a key nor files: the regime stays unknown
  files,    ///< the CSV files of macro.growth_file / macro.inflation_file
  fred,     ///< the FRED API
};

const char* to_string(macro_source x);

/// Something to tell the operator.
struct macro_notice {
  bool warning = false;
  std::string text;
};

/// Counters for the status report.
struct macro_stats {
  uint64_t refreshes = 0;     ///< refreshes that read both series
  uint64_t failed = 0;        ///< refreshes that failed
  uint64_t changes = 0;       ///< regime changes published
  uint64_t stale_results = 0; ///< results of an older refresh, ignored
};

class macro_regime {
public:
  /// `cfg` validated; `source` as the actor found it at start.
  macro_regime(macro_config cfg, macro_source source);

  /// The notice for the first time seen: said once, and only when there is
  /// no source ("unknown", info).
  std::optional<macro_notice> start_notice() const;

  /// Whether a refresh is due at `now`: at the first time seen, then every
  /// cfg.refresh, or cfg.retry after a failed one. Never without a source.
  bool due(timestamp now);

  /// Starts a refresh at `now`; the results carry the returned id.
  uint64_t begin_refresh(timestamp now);

  /// The growth (index 0) or inflation (1) series of refresh `id` arrived.
  /// Once both have: the notice, if any (a new regime, or a failure that
  /// differs from the last one).
  std::optional<macro_notice> on_series(uint64_t id, size_t index, series_result result);

  /// The regime now (unknown before the first reading).
  macro_quadrant regime() const { return reading_ ? reading_->regime : macro_quadrant::unknown; }

  /// The last reading, if any refresh succeeded.
  const std::optional<macro_reading>& reading() const { return reading_; }

  macro_source source() const { return source_; }
  const macro_stats& stats() const { return stats_; }
  std::optional<timestamp> next_refresh() const { return next_; }
  /// The last failure's words ("" after a success).
  const std::string& last_failure() const { return failure_; }

  /// The series id of index 0 (growth) or 1 (inflation).
  const std::string& series_id(size_t index) const;
  /// The file of index 0 or 1 (files source).
  const std::string& file(size_t index) const;

  const macro_config& config() const { return cfg_; }

private:
  std::optional<macro_notice> finish();

  macro_config cfg_;
  macro_source source_;
  std::optional<timestamp> next_;
  uint64_t round_ = 0;
  timestamp round_time_{};
  std::array<std::optional<series_result>, 2> pending_;
  std::optional<macro_reading> reading_;
  std::string failure_;
  uint64_t failures_in_row_ = 0;
  macro_stats stats_;
};

} // namespace tn
