#pragma once

// What model calls cost and when the day's budget is spent. Prices are USD
// per million tokens; a cache write costs a multiple of the input price
// (1.25 for the 5-minute cache, 2 for the 1-hour one), a cache read a
// fraction (0.1). The budget runs on event time and resets at 00:00 UTC.

#include "messages/decision.hpp"

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

struct model_price {
  /// Matches every model id starting with this ("claude-sonnet-4" covers
  /// "claude-sonnet-4-5-20250929"); the longest matching prefix wins.
  std::string model_prefix;
  double input_per_mtok = 0;
  double output_per_mtok = 0;
  double cache_write_factor = 1.25;
  double cache_read_factor = 0.1;
};

/// Anthropic's list prices when this was written (docs "Pricing"). The
/// config can override or extend them; local models cost 0 when listed.
std::vector<model_price> default_prices();

/// `overrides` replace rows of `base` with the same prefix and add the rest.
std::vector<model_price> merge_prices(std::vector<model_price> base,
                                      const std::vector<model_price>& overrides);

/// The row for `model`, or nullptr if no prefix matches.
const model_price* find_price(const std::vector<model_price>& table, std::string_view model);

/// USD for `usage` at `price`.
double cost_usd(const token_usage& usage, const model_price& price);

/// USD for `usage` of `model`; nullopt if the table has no price for it.
std::optional<double> cost_usd(const std::vector<model_price>& table, std::string_view model,
                               const token_usage& usage);

/// The tokens a billed call is booked at when the provider's count is
/// missing or unreadable: one token per two bytes of the request (system
/// prompt, schema, snapshot) and of the answer as received. Tokenizers
/// average three to four bytes per token on English and JSON, so this
/// overstates the cost, never understates it.
token_usage estimated_usage(size_t request_bytes, size_t answer_bytes);

/// The day's spending against a limit, in event time.
class daily_budget {
public:
  /// `limit_usd` per UTC day; infinity means no limit, 0 means no model
  /// calls at all.
  explicit daily_budget(double limit_usd = std::numeric_limits<double>::infinity());

  /// Books `usd` spent at `now`. True if this booking used up the day's
  /// budget (the moment to say that the evaluator takes over).
  bool record(timestamp now, double usd);

  /// Books `usd` spent on the UTC day of `day` before this budget existed
  /// (restored from the journal at start); a day older than the one
  /// already booked is ignored. True if this used up that day's budget.
  bool restore(timestamp day, double usd);

  /// False once the day's spending reached the limit; true again the next
  /// UTC day.
  bool allows(timestamp now) const;

  /// Spent on the UTC day of `now`.
  double spent(timestamp now) const;

  /// Start of the UTC day after `now`: when an exhausted budget reopens.
  static timestamp next_reset(timestamp now);

  double limit() const {
    return limit_;
  }

private:
  static int64_t day_of(timestamp t);

  double limit_;
  int64_t day_ = std::numeric_limits<int64_t>::min();
  double spent_ = 0;
};

/// A budget for a whole backtest run (agent.backtest_budget_usd), in
/// replay time without days: once spent, no more model calls this run.
class run_budget {
public:
  /// `limit_usd` for the run; 0 means no model calls at all.
  explicit run_budget(double limit_usd = std::numeric_limits<double>::infinity())
    : limit_(limit_usd) {
  }

  /// Books `usd`. True if this booking used up the budget (once).
  bool record(double usd) {
    auto was = allows();
    spent_ += usd;
    return was && !allows();
  }

  /// False once the spending reached the limit.
  bool allows() const {
    return spent_ < limit_;
  }

  double spent() const {
    return spent_;
  }

  double limit() const {
    return limit_;
  }

private:
  double limit_;
  double spent_ = 0;
};

} // namespace tn
