#pragma once

// Symbol names: the one place they are normalised. Users may write a symbol
// as Binance does (BTCUSDT, btcusdt) or as ccxt does (BTC/USDT for spot,
// BTC/USDT:USDT for a linear perpetual); the node keys everything by the
// exchange form.

#include "runtime/config/config.hpp"

#include <string>
#include <string_view>

namespace tn {

/// The exchange form: upper case, '/' removed, a ":SETTLE" suffix dropped.
/// BTC/USDT:USDT, BTC/USDT and btcusdt all give BTCUSDT. Does not validate.
std::string to_exchange_symbol(std::string_view symbol);

/// The unified (ccxt) form of an exchange symbol: BTC/USDT for spot,
/// BTC/USDT:USDT for futures (USDⓈ-M contracts settle in their quote). The
/// split takes the longest known quote asset the symbol ends with; a symbol
/// without a known quote (or nothing before it) is returned unchanged.
std::string to_unified_symbol(std::string_view exchange_symbol, market_kind market);

/// True for a plausible exchange symbol: 5 to 20 characters, A-Z and 0-9.
bool is_valid_exchange_symbol(std::string_view exchange_symbol);

} // namespace tn
