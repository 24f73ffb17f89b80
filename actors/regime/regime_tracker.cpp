#include "actors/regime/regime_tracker.hpp"

#include "actors/market_store/aggregate.hpp"
#include "actors/regime/daily_series.hpp"

#include <algorithm>
#include <cmath>

namespace tn {

namespace {

constexpr timespan one_day = std::chrono::hours{24};

} // namespace

regime_tracker::regime_tracker(regime_config cfg) : cfg_(std::move(cfg)) {
  refresh();
}

std::optional<bar_request> regime_tracker::fetch_due(timestamp now) {
  if (in_flight_ || now < retry_at_)
    return std::nullopt;
  // The newest day whose close is due, and the window ending with it or
  // with a newer day the stream closed already (an older day would only
  // be trimmed again).
  auto last_due = bar_start(now - fetch_grace, interval::d1) - one_day;
  // Asked every minute: the window is walked again only when the day or
  // the days held changed since it was last found complete.
  if (complete_through_ == last_due)
    return std::nullopt;
  auto newest = closes_.empty() ? last_due : std::max(last_due, closes_.rbegin()->first);
  auto first_wanted = newest - cfg_.days * one_day;
  std::optional<timestamp> first;
  timestamp last;
  for (auto day = first_wanted; day <= last_due; day += one_day) {
    if (closes_.count(day) != 0 || unavailable_.count(day) != 0)
      continue;
    if (!first)
      first = day;
    last = day;
  }
  if (!first) {
    complete_through_ = last_due;
    return std::nullopt;
  }
  in_flight_ = bar_request{cfg_.symbol, interval::d1, *first, last};
  refresh();
  return in_flight_;
}

bool regime_tracker::on_history(const std::vector<candle>& bars) {
  bool added = false;
  complete_through_.reset();
  for (auto& bar : bars)
    if (bar.symbol == cfg_.symbol && bar.span == interval::d1 && bar.closed)
      added |= add_close(bar.open_time, bar.close);
  if (in_flight_) {
    for (auto day = in_flight_->first; day <= in_flight_->last; day += one_day)
      if (closes_.count(day) == 0)
        unavailable_.insert(day);
    in_flight_.reset();
  }
  last_error_.clear();
  trim();
  refresh();
  return added;
}

void regime_tracker::on_history_failed(const std::string& error, timestamp retry_at) {
  in_flight_.reset();
  retry_at_ = retry_at;
  last_error_ = error;
  refresh();
}

bool regime_tracker::on_closed(const candle& bar) {
  if (bar.symbol != cfg_.symbol || bar.span != interval::m1 || !bar.closed
      || !closes_bar(bar.open_time, interval::d1))
    return false;
  if (!add_close(bar_start(bar.open_time, interval::d1), bar.close))
    return false;
  trim();
  refresh();
  return true;
}

bool regime_tracker::fit_due() const {
  if (status_.fitting || closes_.empty() || returns().size() < cfg_.min_days)
    return false;
  return status_.fits == 0 || closes_.rbegin()->first >= status_.fitted_through + cfg_.refit_every;
}

std::vector<double> regime_tracker::start_fit() {
  status_.fitting = true;
  fitting_through_ = closes_.empty() ? timestamp{} : closes_.rbegin()->first;
  refresh();
  return returns();
}

void regime_tracker::on_fit(const regime_model& model) {
  status_.fitting = false;
  status_.model = model;
  status_.fitted_through = fitting_through_;
  ++status_.fits;
  params_ = to_hmm_params(model);
  refresh();
}

std::vector<double> regime_tracker::returns() const {
  std::vector<daily_close> closes;
  closes.reserve(closes_.size());
  for (auto& [day, close] : closes_)
    closes.push_back({day, close});
  return newest_log_returns(closes, cfg_.days);
}

bool regime_tracker::add_close(timestamp day, double close) {
  if (!std::isfinite(close) || close <= 0 || closes_.count(day) != 0)
    return false;
  closes_.emplace(day, close);
  unavailable_.erase(day);
  complete_through_.reset();
  return true;
}

void regime_tracker::trim() {
  if (closes_.empty())
    return;
  // The window's returns need days + 1 closes.
  auto oldest = closes_.rbegin()->first - cfg_.days * one_day;
  closes_.erase(closes_.begin(), closes_.lower_bound(oldest));
  unavailable_.erase(unavailable_.begin(), unavailable_.lower_bound(oldest));
  complete_through_.reset();
}

void regime_tracker::refresh() {
  auto& st = status_;
  auto x = returns();
  st.symbol = cfg_.symbol;
  st.days = static_cast<uint32_t>(closes_.size());
  st.returns = static_cast<uint32_t>(x.size());
  st.last_close = closes_.empty() ? timestamp{} : closes_.rbegin()->first;
  if (st.model.observations > 0 && !x.empty()) {
    auto p = hmm_filtered(params_, x);
    st.p_low_vol = p[0];
    st.p_high_vol = p[1];
    st.regime = p[1] > p[0] ? regime_labels[1] : regime_labels[0];
  } else {
    st.p_low_vol = st.p_high_vol = 0;
    st.regime = "unknown";
  }
  if (!last_error_.empty())
    st.note = "daily klines failed: " + last_error_;
  else if (st.model.observations > 0)
    st.note.clear();
  else if (st.fitting)
    st.note = "first fit running";
  else if (in_flight_)
    st.note = "fetching " + std::to_string(in_flight_->count()) + " daily bars";
  else
    st.note = "warming up: " + std::to_string(x.size()) + " of " + std::to_string(cfg_.min_days)
              + " daily returns";
}

regime_model to_regime_model(const hmm_fit& fit) {
  auto& p = fit.params;
  regime_model m;
  m.initial = {p.initial[0], p.initial[1]};
  m.transition = {p.transition[0][0], p.transition[0][1], p.transition[1][0], p.transition[1][1]};
  m.means = {p.mean[0], p.mean[1]};
  m.variances = {p.variance[0], p.variance[1]};
  m.loglik = fit.loglik;
  m.iterations = fit.iterations;
  m.converged = fit.converged;
  m.observations = fit.observations;
  return m;
}

hmm_params to_hmm_params(const regime_model& m) {
  hmm_params p;
  if (m.initial.size() != 2 || m.transition.size() != 4 || m.means.size() != 2
      || m.variances.size() != 2)
    return p;
  p.initial = {m.initial[0], m.initial[1]};
  p.transition = {{{m.transition[0], m.transition[1]}, {m.transition[2], m.transition[3]}}};
  p.mean = {m.means[0], m.means[1]};
  p.variance = {m.variances[0], m.variances[1]};
  return p;
}

} // namespace tn
