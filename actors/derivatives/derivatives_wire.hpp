#pragma once

// The Binance USDⓈ-M answers the derivatives monitor reads, and the request
// targets that ask for them (PROTOCOLS.md "USDⓈ-M futures"). Pure: no I/O.
//   GET /fapi/v1/premiumIndex?symbol=S   {"symbol","markPrice",...,"lastFundingRate",
//                                         "nextFundingTime","time"} (an array without symbol)
//   GET /fapi/v1/openInterest?symbol=S   {"openInterest","symbol","time"}
//   GET /futures/data/openInterestHist   [{"symbol","sumOpenInterest","sumOpenInterestValue",
//                                          "timestamp"}]
//   GET /futures/data/globalLongShortAccountRatio
//                                        [{"symbol","longShortRatio","longAccount",
//                                          "shortAccount","timestamp"}]
// Decimals are JSON strings; times are milliseconds (the data endpoints'
// timestamp is a number on the wire, a string in the docs: both are read).

#include "messages/derivatives.hpp"
#include "messages/fwd.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// One premiumIndex entry.
struct premium_index {
  std::string symbol;
  double mark_price = 0;
  double funding_rate = 0; // lastFundingRate, a fraction
  timestamp next_funding;
  timestamp time;
};

/// Open interest of a symbol at a time (openInterest, or one point of
/// openInterestHist), in contracts (base asset).
struct open_interest_sample {
  std::string symbol;
  double open_interest = 0;
  timestamp time;
};

/// One point of globalLongShortAccountRatio.
struct long_short_sample {
  std::string symbol;
  double ratio = 0;
  double long_account = 0;
  double short_account = 0;
  timestamp time;
};

/// The request target of `what` for `symbol`. `prefix` is the path of the
/// REST URL ("" for a bare origin); `period` is the data endpoints' period
/// (5m 15m 30m 1h ...) and `limit` their number of points.
std::string derivs_target(std::string_view prefix, derivs_query what, const std::string& symbol,
                          std::string_view period, uint32_t limit);

/// The request weight of `what` for one symbol, as the scheduler counts it.
int64_t derivs_weight(derivs_query what);

/// premiumIndex: one object (asked with symbol) or an array of them (all
/// symbols). False with `error` set on a malformed body.
bool parse_premium_index(std::string_view body, std::vector<premium_index>& out,
                         std::string& error);

/// openInterest: one object.
bool parse_open_interest(std::string_view body, open_interest_sample& out, std::string& error);

/// openInterestHist: an array, in the order given (Binance: oldest first).
bool parse_open_interest_hist(std::string_view body, std::vector<open_interest_sample>& out,
                              std::string& error);

/// globalLongShortAccountRatio: an array, in the order given.
bool parse_long_short_ratio(std::string_view body, std::vector<long_short_sample>& out,
                            std::string& error);

} // namespace tn
