#include "actors/macro_regime/macro_regime.hpp"

#include <utility>

namespace tn {

const char* to_string(macro_source x) {
  switch (x) {
    case macro_source::none: return "none";
    case macro_source::files: return "files";
    case macro_source::fred: return "fred";
  }
  return "?";
}

macro_regime::macro_regime(macro_config cfg, macro_source source)
  : cfg_(std::move(cfg)), source_(source) {
}

std::optional<macro_notice> macro_regime::start_notice() const {
  if (source_ != macro_source::none)
    return std::nullopt;
  return macro_notice{false, "macro regime unknown: no FRED API key in $" + cfg_.auth_env
                               + " (or no network, as in a backtest) and no CSV files "
                                 "(macro.growth_file, macro.inflation_file)"};
}

bool macro_regime::due(timestamp now) {
  if (source_ == macro_source::none)
    return false;
  return !next_ || now >= *next_;
}

uint64_t macro_regime::begin_refresh(timestamp now) {
  ++round_;
  round_time_ = now;
  pending_ = {};
  // Until it completes, no second refresh starts: the next one is planned
  // when this one ends, and a lost answer is covered by the retry wait.
  next_ = now + cfg_.retry;
  return round_;
}

const std::string& macro_regime::series_id(size_t index) const {
  return index == 0 ? cfg_.growth_series : cfg_.inflation_series;
}

const std::string& macro_regime::file(size_t index) const {
  return index == 0 ? cfg_.growth_file : cfg_.inflation_file;
}

std::optional<macro_notice> macro_regime::on_series(uint64_t id, size_t index,
                                                    series_result result) {
  if (id != round_ || index > 1 || pending_[index]) {
    ++stats_.stale_results;
    return std::nullopt;
  }
  pending_[index] = std::move(result);
  if (!pending_[0] || !pending_[1])
    return std::nullopt;
  return finish();
}

std::optional<macro_notice> macro_regime::finish() {
  auto growth = std::move(*pending_[0]);
  auto inflation = std::move(*pending_[1]);
  pending_ = {};
  if (!growth.error.empty() || !inflation.error.empty()) {
    ++stats_.failed;
    ++failures_in_row_;
    next_ = round_time_ + cfg_.retry;
    std::string what;
    for (auto [i, r] : {std::pair{size_t{0}, &growth}, {size_t{1}, &inflation}})
      if (!r->error.empty())
        what += (what.empty() ? "" : "; ") + series_id(i) + ": " + r->error;
    // One warning per kind of failure: the same failure again is counted,
    // not said again.
    if (what == failure_)
      return std::nullopt;
    failure_ = what;
    return macro_notice{true, "cannot refresh the macro regime from " + std::string{to_string(source_)}
                                + " (" + what + "); keeping "
                                + to_string(regime()) + ", retrying every "
                                + std::to_string(std::chrono::duration_cast<std::chrono::minutes>(
                                                   cfg_.retry)
                                                   .count())
                                + " min"};
  }
  ++stats_.refreshes;
  next_ = round_time_ + cfg_.refresh;
  auto recovered = std::exchange(failures_in_row_, 0);
  failure_.clear();
  auto fresh = read_quadrant(growth.observations, inflation.observations, cfg_.quadrant(),
                             round_time_);
  bool changed = !reading_ || reading_->regime != fresh.regime
                 || (fresh.regime == macro_quadrant::unknown && reading_->why != fresh.why);
  reading_ = std::move(fresh);
  if (!changed && recovered == 0)
    return std::nullopt;
  if (changed)
    ++stats_.changes;
  auto text = "macro regime " + describe(*reading_);
  if (recovered > 0)
    text += " (refreshed again after " + std::to_string(recovered) + " failed attempts)";
  return macro_notice{false, std::move(text)};
}

} // namespace tn
