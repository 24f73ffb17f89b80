#include "actors/derivatives/poll_plan.hpp"

#include <algorithm>

namespace tn {

poll_plan::poll_plan(const derivatives_config& cfg, const std::vector<std::string>& symbols)
  : cfg_(cfg) {
  for (auto& s : symbols)
    symbols_.emplace(s, entry{});
}

void poll_plan::on_pass(const gate_pass& pass) {
  if (pass.reason != pass_reason::zscore && pass.reason != pass_reason::wake_condition)
    return;
  auto i = symbols_.find(pass.symbol);
  if (i == symbols_.end())
    return;
  auto& e = i->second;
  e.hot_until = std::max(e.hot_until, pass.ts + cfg_.hot_for);
  // Sooner, never later; a failing symbol keeps its backoff.
  if (e.failures == 0 && e.began && e.next)
    e.next = std::min(*e.next, *e.began + cfg_.hot_interval);
}

bool poll_plan::hot(const std::string& symbol, timestamp now) const {
  auto i = symbols_.find(symbol);
  return i != symbols_.end() && now < i->second.hot_until;
}

timespan poll_plan::interval(const std::string& symbol, timestamp now) const {
  return hot(symbol, now) ? cfg_.hot_interval : cfg_.quiet_interval;
}

std::vector<std::string> poll_plan::due(timestamp now) const {
  std::vector<std::string> out;
  for (auto& [symbol, e] : symbols_)
    if (e.pending == 0 && (!e.next || *e.next <= now))
      out.push_back(symbol);
  return out;
}

void poll_plan::begin(const std::string& symbol, timestamp now, uint32_t questions) {
  auto i = symbols_.find(symbol);
  if (i == symbols_.end() || questions == 0)
    return;
  auto& e = i->second;
  e.began = now;
  e.pending = questions;
  e.round_failed = false;
  e.round_wait = timespan::zero();
}

timespan poll_plan::backoff(uint32_t failures) const {
  auto delay = cfg_.retry_initial;
  for (uint32_t n = 1; n < failures && delay < cfg_.retry_max; ++n)
    delay *= 2;
  return std::min(delay, cfg_.retry_max);
}

bool poll_plan::ended(const std::string& symbol, timestamp now, bool ok, timespan retry_after) {
  auto i = symbols_.find(symbol);
  if (i == symbols_.end() || i->second.pending == 0)
    return false;
  auto& e = i->second;
  if (!ok) {
    e.round_failed = true;
    e.round_wait = std::max(e.round_wait, retry_after);
  }
  if (--e.pending > 0)
    return false;
  if (e.round_failed) {
    ++e.failures;
    e.next = now + std::max(backoff(e.failures), e.round_wait);
  } else {
    e.failures = 0;
    e.next = now + interval(symbol, now);
  }
  return true;
}

std::optional<timestamp> poll_plan::next_due(const std::string& symbol) const {
  auto i = symbols_.find(symbol);
  return i == symbols_.end() ? std::nullopt : i->second.next;
}

uint32_t poll_plan::failures(const std::string& symbol) const {
  auto i = symbols_.find(symbol);
  return i == symbols_.end() ? 0 : i->second.failures;
}

bool poll_plan::in_flight(const std::string& symbol) const {
  auto i = symbols_.find(symbol);
  return i != symbols_.end() && i->second.pending > 0;
}

} // namespace tn
