#pragma once

// What the exchange would have answered the derivatives monitor at a past
// time, from funding, open interest and long/short ratio files (a backtest's replay): the
// REST bodies derivatives_wire reads, built from the values at or before
// that time only. Pure.
//   premiumIndex    lastFundingRate: the last funding rate settled at or
//                   before t (live, Binance quotes the estimate for the
//                   coming settlement, which no file keeps); nextFundingTime
//                   from the schedule (derivs_history::next_funding);
//                   markPrice: the last replayed close at or before t;
//                   time: t.
//   openInterest    the last point at or before t, with its time.
//   openInterestHist the last `limit` points at or before t.
//   globalLongShortAccountRatio the last `limit` points at or before t, the
//                   values as their shortest round-trip text (doubles, as
//                   the monitor reads them).

#include "actors/derivatives/derivs_history.hpp"
#include "messages/derivatives.hpp"

#include <optional>
#include <string>

namespace tn {

/// Whether the files answer `what` about `symbol`.
bool derivs_answers(const derivs_history& files, const std::string& symbol, derivs_query what);

/// The body of the answer to `what` about `symbol` asked at `t`; `limit`
/// is the history's number of points, `mark` the last close at or before
/// `t`. False with `error` set when the files hold nothing at or before t.
bool derivs_answer_at(const derivs_history& files, const std::string& symbol, derivs_query what,
                      uint32_t limit, timestamp t, std::optional<decimal> mark,
                      std::string& body, std::string& error);

/// The `limit=` of a request target; `fallback` without one.
uint32_t target_limit(const std::string& target, uint32_t fallback);

} // namespace tn
