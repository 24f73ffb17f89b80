#pragma once

// A small world for the risk logic: BTCUSDT and ETHUSDT with Binance's
// spot rules (tick 0.01; steps 0.00001 and 0.0001; NOTIONAL 5), an account of
// 10,000 USDT and last prices.

#include "actors/risk/risk.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <string>
#include <utility>

namespace tn::test {

inline symbol_filters usdt_filters(const std::string& symbol, const std::string& base,
                                   const char* step) {
  symbol_filters f;
  f.symbol = symbol;
  f.status = "TRADING";
  f.base_asset = base;
  f.quote_asset = "USDT";
  f.price = price_filter{dec("0.01"), dec("1000000"), dec("0.01")};
  f.lot = lot_filter{dec(step), dec("9000"), dec(step)};
  f.market_lot = lot_filter{dec("0"), dec("100"), dec("0")};
  f.notional = notional_filter{"NOTIONAL", dec("5"), dec("9000000"), true, false};
  f.percent_price = percent_price_filter{dec("5"), dec("0.2"), dec("5"), dec("0.2")};
  return f;
}

inline exchange_filters test_filters(market_kind market = market_kind::spot) {
  exchange_filters x;
  x.market = market;
  for (auto f : {usdt_filters("BTCUSDT", "BTC", "0.00001"), usdt_filters("ETHUSDT", "ETH", "0.0001"),
                 usdt_filters("SOLUSDT", "SOL", "0.01")})
    x.symbols.emplace(f.symbol, f);
  return x;
}

inline timestamp day_one() {
  return from_unix_ms(1'752'364'800'000); // 2025-07-13 00:00 UTC
}

inline account_state account(const char* equity, const char* free = nullptr) {
  account_state a;
  a.quote_asset = "USDT";
  a.equity = dec(equity);
  a.quote_balance = dec(free ? free : equity);
  a.balances.push_back({"USDT", dec(free ? free : equity), decimal{}});
  return a;
}

inline position holding(const std::string& symbol, const char* qty, const char* entry) {
  position p;
  p.position_id = symbol + "-1";
  p.symbol = symbol;
  p.quantity = dec(qty);
  p.entry_price = dec(entry);
  return p;
}

/// The client id epoch of the tests' journal.
inline const std::string test_epoch = "5eed0001";

inline risk_inputs inputs(timestamp now, const char* equity = "10000") {
  risk_inputs in;
  in.now = now;
  in.client_id_epoch = test_epoch;
  in.account = account(equity);
  in.account->ts = now;
  in.prices = {{"BTCUSDT", dec("50000")}, {"ETHUSDT", dec("2000")}, {"SOLUSDT", dec("150")}};
  return in;
}

inline decision one(const std::string& symbol, trade_action action, double pct) {
  decision x;
  x.decisions.push_back({symbol, action, pct, {}});
  return x;
}

} // namespace tn::test
