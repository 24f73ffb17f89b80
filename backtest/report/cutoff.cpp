#include "backtest/report/cutoff.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace tn::backtest {

namespace {

std::string day(timestamp t) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  auto tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday);
  return buf;
}

bool is_digits(const std::string& s, size_t at, size_t n) {
  for (size_t i = at; i < at + n; ++i)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

} // namespace

std::optional<timestamp> parse_cutoff_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !is_digits(text, 0, 4)
      || !is_digits(text, 5, 2) || !is_digits(text, 8, 2))
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(8, 2));
  auto mon = tm.tm_mon, mday = tm.tm_mday;
  auto secs = timegm(&tm);
  // timegm normalises 2025-02-30 to March; such a day does not exist.
  if (tm.tm_mon != mon || tm.tm_mday != mday)
    return std::nullopt;
  return timestamp{std::chrono::seconds{secs}};
}

std::string cutoff_warning(const std::string& model, const model_cutoffs& cutoffs,
                           timestamp from, timestamp to) {
  if (model.empty())
    return {};
  const std::pair<const std::string, timestamp>* best = nullptr;
  for (auto& entry : cutoffs)
    if (model.compare(0, entry.first.size(), entry.first) == 0
        && (!best || entry.first.size() > best->first.size()))
      best = &entry;
  auto period = day(from) + " to " + day(to);
  if (!best)
    return "No training cutoff is known for model " + model
           + " (backtest.model_cutoffs): the period " + period
           + " may lie inside its training data, so its results may not be out of sample.";
  auto cutoff = best->second;
  if (from >= cutoff)
    return {};
  if (to <= cutoff)
    return "The whole period " + period + " lies before model " + model
           + "'s training cutoff (" + day(cutoff)
           + "): the model may have seen these prices, so its results are not out of sample.";
  return "The period " + period + " starts before model " + model + "'s training cutoff ("
         + day(cutoff) + "): results before " + day(cutoff)
         + " are not out of sample.";
}

} // namespace tn::backtest
