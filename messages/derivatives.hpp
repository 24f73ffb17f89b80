#pragma once

// What the derivatives monitor knows about one futures symbol: funding, open
// interest, the long/short account ratio and the cumulative volume delta.
// Every value belongs to the snapshot's symbol; an empty caf::optional where
// it is not known (yet), a zero timestamp where a time is not known. Not NaN:
// CAF 0.17's serializer does not carry NaN, so a remote reader would see a
// made-up number; an optional crosses the wire with its flag.

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>

#include <cstdint>
#include <string>

namespace tn {

/// The REST questions the derivatives monitor asks per symbol. Values are
/// stable: they cross the network.
enum class derivs_query : uint8_t {
  premium_index = 0,  // GET /fapi/v1/premiumIndex: funding rate, next funding, mark price
  open_interest,      // GET /fapi/v1/openInterest: open interest now
  open_interest_hist, // GET /futures/data/openInterestHist: open interest history
  long_short_ratio,   // GET /futures/data/globalLongShortAccountRatio
};

inline const char* to_string(derivs_query x) {
  switch (x) {
    case derivs_query::premium_index: return "premiumIndex";
    case derivs_query::open_interest: return "openInterest";
    case derivs_query::open_interest_hist: return "openInterestHist";
    case derivs_query::long_short_ratio: return "globalLongShortAccountRatio";
  }
  return "?";
}

/// One symbol's derivatives data.
struct derivatives_snapshot {
  std::string symbol;
  timestamp ts; // event time the snapshot was taken
  caf::optional<double> funding_rate; // last funding rate, fraction
  timestamp next_funding;             // next funding time
  caf::optional<double> mark_price;
  caf::optional<double> open_interest; // contracts (base asset)
  /// Change of the open interest over the monitor's window, in percent.
  caf::optional<double> open_interest_change_pct;
  caf::optional<double> long_short_ratio; // long / short accounts
  caf::optional<double> long_account;     // share of long accounts
  /// Cumulative volume delta (taker buys minus taker sells, base asset) of
  /// the closed 1m bars since the monitor started, and over its window.
  double cvd = 0;
  double cvd_window = 0;
  uint64_t cvd_bars = 0; // closed bars counted into cvd
  bool hot = false;      // polled at the fast interval (the gate is hot for it)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, derivatives_snapshot& x) {
  return f(caf::meta::type_name("derivatives_snapshot"), x.symbol, x.ts, x.funding_rate,
           x.next_funding, x.mark_price, x.open_interest, x.open_interest_change_pct,
           x.long_short_ratio, x.long_account, x.cvd, x.cvd_window, x.cvd_bars, x.hot);
}

} // namespace tn
