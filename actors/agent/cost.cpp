#include "actors/agent/cost.hpp"

#include <algorithm>

namespace tn {

std::vector<model_price> default_prices() {
  // USD per million tokens: input, output.
  return {
    {"claude-opus-4-6", 5, 25},     {"claude-opus-4-5", 5, 25},
    {"claude-opus-4", 15, 75},      {"claude-sonnet-4", 3, 15},
    {"claude-3-7-sonnet", 3, 15},   {"claude-haiku-4-5", 1, 5},
    {"claude-3-5-haiku", 0.8, 4},   {"claude-3-haiku", 0.25, 1.25},
  };
}

std::vector<model_price> merge_prices(std::vector<model_price> base,
                                      const std::vector<model_price>& overrides) {
  for (auto& row : overrides) {
    auto same = [&](const model_price& x) { return x.model_prefix == row.model_prefix; };
    if (auto i = std::find_if(base.begin(), base.end(), same); i != base.end())
      *i = row;
    else
      base.push_back(row);
  }
  return base;
}

const model_price* find_price(const std::vector<model_price>& table, std::string_view model) {
  const model_price* best = nullptr;
  for (auto& row : table)
    if (model.substr(0, row.model_prefix.size()) == row.model_prefix
        && (!best || row.model_prefix.size() > best->model_prefix.size()))
      best = &row;
  return best;
}

double cost_usd(const token_usage& u, const model_price& p) {
  auto mtok = [](uint64_t n) { return static_cast<double>(n) / 1e6; };
  return mtok(u.input_tokens) * p.input_per_mtok + mtok(u.output_tokens) * p.output_per_mtok
         + mtok(u.cache_creation_input_tokens) * p.input_per_mtok * p.cache_write_factor
         + mtok(u.cache_read_input_tokens) * p.input_per_mtok * p.cache_read_factor;
}

std::optional<double> cost_usd(const std::vector<model_price>& table, std::string_view model,
                               const token_usage& usage) {
  if (auto p = find_price(table, model))
    return cost_usd(usage, *p);
  return std::nullopt;
}

token_usage estimated_usage(size_t request_bytes, size_t answer_bytes) {
  token_usage u;
  u.input_tokens = (request_bytes + 1) / 2;
  u.output_tokens = (answer_bytes + 1) / 2;
  return u;
}

daily_budget::daily_budget(double limit_usd) : limit_(limit_usd) {
}

int64_t daily_budget::day_of(timestamp t) {
  using days = std::chrono::duration<int64_t, std::ratio<86400>>;
  return std::chrono::floor<days>(t.time_since_epoch()).count();
}

timestamp daily_budget::next_reset(timestamp now) {
  return timestamp{std::chrono::hours{24} * (day_of(now) + 1)};
}

bool daily_budget::record(timestamp now, double usd) {
  // Event time should not go back; if it does, the booking still counts
  // against the current day rather than reopening an old one.
  if (auto d = day_of(now); d > day_) {
    day_ = d;
    spent_ = 0;
  }
  bool was_open = spent_ < limit_;
  spent_ += std::max(usd, 0.0);
  return was_open && spent_ >= limit_;
}

bool daily_budget::restore(timestamp day, double usd) {
  return day_of(day) >= day_ && record(day, usd);
}

bool daily_budget::allows(timestamp now) const {
  return spent(now) < limit_;
}

double daily_budget::spent(timestamp now) const {
  return day_of(now) > day_ ? 0 : spent_;
}

} // namespace tn
