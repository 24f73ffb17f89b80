#include "actors/derivatives/derivatives_wire.hpp"

#include "actors/market_listener/decimal.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>

namespace tn {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

bool field_decimal(object obj, std::string_view key, double& out) {
  std::string_view text;
  return obj[key].get_string().get(text) == simdjson::SUCCESS && parse_decimal(text, out);
}

bool field_string(object obj, std::string_view key, std::string& out) {
  std::string_view text;
  if (obj[key].get_string().get(text) != simdjson::SUCCESS)
    return false;
  out.assign(text);
  return true;
}

/// Milliseconds, as a JSON integer or a string of digits.
bool field_ms(object obj, std::string_view key, timestamp& out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS)
    return false;
  int64_t ms = 0;
  if (value.get_int64().get(ms) != simdjson::SUCCESS) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS || text.empty())
      return false;
    auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (err != std::errc{} || end != text.data() + text.size())
      return false;
  }
  out = from_unix_ms(ms);
  return true;
}

bool read_premium(object obj, premium_index& out) {
  return field_string(obj, "symbol", out.symbol) && field_decimal(obj, "markPrice", out.mark_price)
         && field_decimal(obj, "lastFundingRate", out.funding_rate)
         && field_ms(obj, "nextFundingTime", out.next_funding) && field_ms(obj, "time", out.time);
}

/// Parses `body` as an array of objects, each read by `read`.
template <class T, class Read>
bool parse_rows(std::string_view body, std::string_view what, std::vector<T>& out,
                std::string& error, Read read) {
  out.clear();
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  if (parser.parse(body.data(), body.size()).get_array().get(rows) != simdjson::SUCCESS) {
    error = fmt::format("{}: body is not a JSON array", what);
    return false;
  }
  for (auto value : rows) {
    object obj;
    T row;
    if (value.get_object().get(obj) != simdjson::SUCCESS || !read(obj, row)) {
      error = fmt::format("{}: malformed entry {}", what, out.size());
      out.clear();
      return false;
    }
    out.push_back(std::move(row));
  }
  return true;
}

} // namespace

std::string derivs_target(std::string_view prefix, derivs_query what, const std::string& symbol,
                          std::string_view period, uint32_t limit) {
  switch (what) {
    case derivs_query::premium_index:
      return fmt::format("{}/fapi/v1/premiumIndex?symbol={}", prefix, symbol);
    case derivs_query::open_interest:
      return fmt::format("{}/fapi/v1/openInterest?symbol={}", prefix, symbol);
    case derivs_query::open_interest_hist:
      return fmt::format("{}/futures/data/openInterestHist?symbol={}&period={}&limit={}", prefix,
                         symbol, period, limit);
    case derivs_query::long_short_ratio:
      return fmt::format("{}/futures/data/globalLongShortAccountRatio?symbol={}&period={}&limit={}",
                         prefix, symbol, period, limit);
  }
  return {};
}

int64_t derivs_weight(derivs_query) {
  // premiumIndex and openInterest with a symbol weigh 1; the /futures/data
  // endpoints weigh 0 against a limit of their own (1000 per 5 min), which
  // the scheduler does not track: they count 1 so they are paced too.
  return 1;
}

bool parse_premium_index(std::string_view body, std::vector<premium_index>& out,
                         std::string& error) {
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
    error = "premiumIndex: body is not JSON";
    out.clear();
    return false;
  }
  object obj;
  if (doc.get_object().get(obj) == simdjson::SUCCESS) {
    out.assign(1, premium_index{});
    if (read_premium(obj, out.front()))
      return true;
    error = "premiumIndex: malformed object";
    out.clear();
    return false;
  }
  return parse_rows<premium_index>(body, "premiumIndex", out, error, read_premium);
}

bool parse_open_interest(std::string_view body, open_interest_sample& out, std::string& error) {
  simdjson::dom::parser parser;
  object obj;
  if (parser.parse(body.data(), body.size()).get_object().get(obj) != simdjson::SUCCESS
      || !field_string(obj, "symbol", out.symbol)
      || !field_decimal(obj, "openInterest", out.open_interest) || !field_ms(obj, "time", out.time)) {
    error = "openInterest: malformed body";
    return false;
  }
  return true;
}

bool parse_open_interest_hist(std::string_view body, std::vector<open_interest_sample>& out,
                              std::string& error) {
  return parse_rows<open_interest_sample>(
    body, "openInterestHist", out, error, [](object obj, open_interest_sample& row) {
      return field_string(obj, "symbol", row.symbol)
             && field_decimal(obj, "sumOpenInterest", row.open_interest)
             && field_ms(obj, "timestamp", row.time);
    });
}

bool parse_long_short_ratio(std::string_view body, std::vector<long_short_sample>& out,
                            std::string& error) {
  return parse_rows<long_short_sample>(
    body, "globalLongShortAccountRatio", out, error, [](object obj, long_short_sample& row) {
      return field_string(obj, "symbol", row.symbol)
             && field_decimal(obj, "longShortRatio", row.ratio)
             && field_decimal(obj, "longAccount", row.long_account)
             && field_decimal(obj, "shortAccount", row.short_account)
             && field_ms(obj, "timestamp", row.time);
    });
}

} // namespace tn
