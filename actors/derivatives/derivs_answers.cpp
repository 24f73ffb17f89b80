#include "actors/derivatives/derivs_answers.hpp"

#include "runtime/time_format.hpp"

#include <fmt/format.h>

#include <charconv>

namespace tn {

namespace {

/// A double as Binance writes it, in fixed notation (the monitor's parser
/// reads no exponent): its shortest round-trip text when that is fixed,
/// else 17 places without the trailing zeros.
std::string fixed_text(double x) {
  auto text = fmt::format("{}", x);
  if (text.find_first_of("eE") == std::string::npos)
    return text;
  text = fmt::format("{:.17f}", x);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.')
    text.pop_back();
  return text;
}

} // namespace

bool derivs_answers(const derivs_history& files, const std::string& symbol, derivs_query what) {
  switch (what) {
    case derivs_query::premium_index:
      return files.has_funding(symbol);
    case derivs_query::open_interest:
    case derivs_query::open_interest_hist:
      return files.has_open_interest(symbol);
    case derivs_query::long_short_ratio:
      return files.has_long_short(symbol);
  }
  return false;
}

bool derivs_answer_at(const derivs_history& files, const std::string& symbol, derivs_query what,
                      uint32_t limit, timestamp t, std::optional<decimal> mark,
                      std::string& body, std::string& error) {
  auto when = format_timestamp_seconds(t);
  switch (what) {
    case derivs_query::premium_index: {
      auto funding = files.funding_at(symbol, t);
      if (!funding) {
        error = "the funding file of " + symbol + " has no rate at or before " + when;
        return false;
      }
      if (!mark) {
        error = "no replayed price of " + symbol + " at or before " + when;
        return false;
      }
      body = fmt::format(R"({{"symbol":"{}","markPrice":"{}","lastFundingRate":"{}",)"
                         R"("nextFundingTime":{},"time":{}}})",
                         symbol, to_string(*mark, 8), to_string(funding->rate, 8),
                         to_unix_ms(*files.next_funding(symbol, t)), to_unix_ms(t));
      return true;
    }
    case derivs_query::open_interest: {
      auto points = files.open_interest_at(symbol, t, 1);
      if (points.empty()) {
        error = "the open interest file of " + symbol + " has no point at or before " + when;
        return false;
      }
      body = fmt::format(R"({{"openInterest":"{}","symbol":"{}","time":{}}})",
                         to_string(points.back().open_interest), symbol,
                         to_unix_ms(points.back().time));
      return true;
    }
    case derivs_query::open_interest_hist: {
      body = "[";
      for (auto& p : files.open_interest_at(symbol, t, limit)) {
        if (body.size() > 1)
          body += ',';
        body += fmt::format(R"({{"symbol":"{}","sumOpenInterest":"{}",)", symbol,
                            to_string(p.open_interest));
        if (p.value)
          body += fmt::format(R"("sumOpenInterestValue":"{}",)", to_string(*p.value));
        body += fmt::format(R"("timestamp":{}}})", to_unix_ms(p.time));
      }
      body += "]";
      return true;
    }
    case derivs_query::long_short_ratio: {
      body = "[";
      for (auto& p : files.long_short_at(symbol, t, limit)) {
        if (body.size() > 1)
          body += ',';
        body += fmt::format(R"({{"symbol":"{}","longShortRatio":"{}","longAccount":"{}",)"
                            R"("shortAccount":"{}","timestamp":{}}})",
                            symbol, fixed_text(p.ratio), fixed_text(p.long_account),
                            fixed_text(p.short_account),
                            to_unix_ms(p.time));
      }
      body += "]";
      return true;
    }
  }
  error = std::string{to_string(what)} + " is not in the backtest's files";
  return false;
}

uint32_t target_limit(const std::string& target, uint32_t fallback) {
  auto pos = target.find("limit=");
  if (pos == std::string::npos)
    return fallback;
  auto begin = target.data() + pos + 6;
  uint32_t out = 0;
  auto [end, err] = std::from_chars(begin, target.data() + target.size(), out);
  return err == std::errc{} && end != begin ? out : fallback;
}

} // namespace tn
