#include "tools/exchange-sim/options.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace tn::sim {

namespace {

template <class T>
bool parse_number(const std::string& text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

bool parse_double(const std::string& text, double& out) {
  try {
    size_t used = 0;
    out = std::stod(text, &used);
    return used == text.size() && std::isfinite(out);
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    auto comma = text.find(',', pos);
    auto item = text.substr(pos, comma == std::string::npos ? comma : comma - pos);
    if (!item.empty())
      out.push_back(item);
    if (comma == std::string::npos)
      return out;
    pos = comma + 1;
  }
}

/// "USDT=10000,BTC=0.5" at 8 decimals.
bool parse_balances(const std::string& text, account_options& out, std::string& error) {
  out.balances.clear();
  for (const auto& item : split_commas(text)) {
    auto eq = item.find('=');
    units amount = 0;
    if (eq == 0 || eq == std::string::npos || !parse_fixed(item.substr(eq + 1), 8, amount)) {
      error = "--balance: expected ASSET=AMOUNT[,ASSET=AMOUNT...] (at most 8 decimals)";
      return false;
    }
    out.balances.emplace_back(item.substr(0, eq), amount);
  }
  return true;
}

/// A fee rate such as 0.001 (0.1 %), at 8 decimals.
std::function<bool(const std::string&)> fee_rate(const char* flag, units& field,
                                                 std::string& error) {
  return [flag, &field, &error](const std::string& v) {
    if (parse_fixed(v, 8, field) && field < pow10(8))
      return true;
    error = std::string{flag} + ": expected a rate below 1 with at most 8 decimals (0.001 = 0.1 %)";
    return false;
  };
}

} // namespace

bool parse_options(const std::vector<std::string>& args, sim_options& out, std::string& error) {
  auto count = [&](const char* flag, int& field, int min) {
    return [&field, flag, min, &error](const std::string& v) {
      if (parse_number(v, field) && field >= min)
        return true;
      error = std::string{flag} + ": expected an integer >= " + std::to_string(min);
      return false;
    };
  };
  using handler = std::function<bool(const std::string&)>;
  const std::map<std::string, handler> with_value = {
    {"--host", [&](const std::string& v) { out.host = v; return true; }},
    {"--port", count("--port", out.port, 0)},
    {"--tls-cert", [&](const std::string& v) { out.tls_cert = v; return true; }},
    {"--tls-key", [&](const std::string& v) { out.tls_key = v; return true; }},
    {"--data",
     [&](const std::string& v) {
       for (auto& f : split_commas(v))
         out.data_files.push_back(f);
       return true;
     }},
    {"--synthetic", [&](const std::string& v) { return parse_synthetic_symbols(v, out.synthetic, error); }},
    {"--seed",
     [&](const std::string& v) {
       if (parse_number(v, out.seed))
         return true;
       error = "--seed: expected an unsigned integer";
       return false;
     }},
    {"--speed",
     [&](const std::string& v) {
       if (parse_double(v, out.speed) && out.speed > 0)
         return true;
       error = "--speed: expected a number > 0";
       return false;
     }},
    {"--exchange-info", [&](const std::string& v) { out.exchange_info_file = v; return true; }},
    {"--futures-exchange-info",
     [&](const std::string& v) { out.futures_exchange_info_file = v; return true; }},
    {"--updates-per-bar", count("--updates-per-bar", out.updates_per_bar, 1)},
    {"--history", count("--history", out.history_bars, 0)},
    {"--drop-every", count("--drop-every", out.faults.drop_every, 1)},
    {"--malformed-every", count("--malformed-every", out.faults.malformed_every, 1)},
    {"--delay-ms", count("--delay-ms", out.faults.delay_ms, 0)},
    {"--retry-after", count("--retry-after", out.faults.retry_after_s, 0)},
    {"--weight-limit", count("--weight-limit", out.weights.limit, 1)},
    {"--weight-window", count("--weight-window", out.weights.window_s, 1)},
    {"--order-limit", count("--order-limit", out.weights.orders_10s, 1)},
    {"--order-fault",
     [&](const std::string& v) {
       order_fault f;
       if (!parse_order_fault(v, f, error))
         return false;
       out.faults.order_faults.push_back(f);
       return true;
     }},
    {"--api-key", [&](const std::string& v) { out.api_key = v; return true; }},
    {"--api-secret", [&](const std::string& v) { out.api_secret = v; return true; }},
    {"--balance", [&](const std::string& v) { return parse_balances(v, out.account, error); }},
    {"--maker-fee", fee_rate("--maker-fee", out.account.maker_fee, error)},
    {"--taker-fee", fee_rate("--taker-fee", out.account.taker_fee, error)},
    {"--fill-share",
     [&](const std::string& v) {
       if (parse_fixed(v, 8, out.fill_share) && out.fill_share > 0 && out.fill_share <= pow10(8))
         return true;
       error = "--fill-share: expected a share above 0 and at most 1, with at most 8 decimals";
       return false;
     }},
    {"--record", [&](const std::string& v) { out.record_file = v; return true; }},
    {"--http-error",
     [&](const std::string& v) {
       http_fault f;
       if (!parse_http_fault(v, f, error))
         return false;
       out.faults.http_errors.push_back(f);
       return true;
     }},
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool inline_value = false;
    if (auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      out.help = true;
      continue;
    }
    if (flag == "--rebase-now" && !inline_value) {
      out.rebase_now = true;
      continue;
    }
    auto it = with_value.find(flag);
    if (it == with_value.end()) {
      error = "unknown option " + args[i] + " (see --help)";
      return false;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        error = flag + ": missing value";
        return false;
      }
      value = args[++i];
    }
    if (!it->second(value)) {
      if (error.empty())
        error = flag + ": bad value '" + value + "'";
      return false;
    }
  }
  if (out.help)
    return true;
  if (out.data_files.empty() == out.synthetic.empty()) {
    error = "give either --data FILE[,FILE...] or --synthetic SYMBOLS";
    return false;
  }
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    error = "--tls-cert and --tls-key go together";
    return false;
  }
  if (out.port > 65535) {
    error = "--port: expected 0..65535";
    return false;
  }
  return true;
}

std::string usage() {
  return R"(exchange-sim: a Binance-compatible spot exchange on loopback that replays
1m klines over WebSocket streams and REST market data, and trades against
that market through Binance's signed order API.

usage: exchange-sim (--data FILE[,FILE...] | --synthetic SYMBOLS) [options]

market:
  --data FILE[,FILE...]   Binance dump CSVs (spot or futures) or /api/v3/klines
                          JSON arrays of 1m bars; the symbol comes from the file
                          name (BTCUSDT-1m-2025-07-13.csv) or SYMBOL=FILE; files
                          of one symbol are joined. Repeatable.
  --synthetic SYMBOLS     a seeded random market, e.g. BTCUSDT,ETHUSDT:3100
                          (optional start price after ':'); runs forever
  --seed N                seed of the synthetic market (default 1)
  --exchange-info FILE    a saved /api/v3/exchangeInfo body: served symbols it
                          lists get their real entries (and, if synthetic, its
                          tick and step sizes); others get generated ones
  --futures-exchange-info FILE
                          a saved /fapi/v1/exchangeInfo body: the same for the
                          perpetuals /fapi serves (every served symbol)

time:
  --speed F               market minutes per wall minute (default 1; 60 = one
                          1m bar per second)
  --history N             the first N bars count as already closed at start:
                          REST serves them, streams start after them (default 0)
  --rebase-now            shift market time so the first streamed bar opens at
                          the current wall minute (synthetic: starts there;
                          otherwise it starts 2024-01-01 00:00 UTC)
  --updates-per-bar N     kline events per bar, the last one closed (default 6)

network:
  --host HOST             listen address (default 127.0.0.1)
  --port PORT             listen port, 0 = any free one (default 18443)
  --tls-cert FILE         serve HTTPS/WSS with this certificate chain (PEM) ...
  --tls-key FILE          ... and this private key; without both, plain HTTP/WS

account:
  --api-key KEY           the API key signed requests must send in X-MBX-APIKEY
                          (default: $BINANCE_API_KEY)
  --api-secret SECRET     the HMAC-SHA256 secret they are signed with (default:
                          $BINANCE_SECRET_KEY)
  --balance A=X[,B=Y...]  starting balances (default USDT=10000)
  --maker-fee RATE        commission of a resting order's fill (default 0.001)
  --taker-fee RATE        commission of a taking fill (default 0.001)
  --fill-share F          resting limit orders fill as the replayed price trades
                          through them, at most this share of the volume each
                          replay update of a 1m bar trades (in LOT_SIZE steps,
                          shared by the account's orders in id order; default
                          0.1): a larger order fills in several trades,
                          PARTIALLY_FILLED in between. Taking fills (MARKET,
                          crossing limits, fired stops) fill at once
  --record FILE           append every order state and fill the simulator
                          executed to FILE as JSON lines (GET /sim/record
                          serves the same lines)

faults:
  --drop-every N          close a stream connection abruptly after every N-th
                          pushed event
  --malformed-every N     every N-th pushed event is malformed (in turn: invalid
                          JSON, truncated JSON, a kline without its "c" field)
  --delay-ms N            delay every REST reply and pushed event by N ms
  --http-error CODE[:N]   every N-th REST request (default every one) fails with
                          418, 429, 500 or 503 and Binance's error body; repeatable
  --retry-after S         Retry-After seconds of 429 and 418 replies (default 1)
  --order-fault KIND[:N]  every N-th order request (default every one) gets KIND:
                          reject (-2010, not executed), drop (executed, then the
                          connection closes unanswered), 5xx (executed, then 503
                          -1007 "execution status unknown"), 429 or 418 (not
                          executed, Retry-After); repeatable. POST
                          /sim/fault?next=KIND arms one for the next order

limits:
  --weight-limit N        REST request weight allowed per window (default 6000);
                          over it a request gets 429 with Retry-After until the
                          window ends, and any request sent during a 429's
                          Retry-After gets a 418 ban (2 min, doubling). Replies
                          carry X-MBX-USED-WEIGHT-1M (or -<N>S); exchangeInfo
                          states the limit
  --weight-window S       the window in seconds (default 60)
  --order-limit N         new orders allowed per 10 s (default Binance's: 50
                          spot, 300 futures); over it (or over 160000 a day
                          spot, 1200 a minute futures) an order gets 429
                          -1015 "Too many new orders" without Retry-After.
                          Accepted orders carry X-MBX-ORDER-COUNT-10S and
                          -1D (futures -1M); exchangeInfo states the limits

  --help                  this text

Endpoints: GET /api/v3/ping, /api/v3/time, /api/v3/exchangeInfo,
/api/v3/klines (and uiKlines; 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w),
/api/v3/ticker/price, ticker/24hr, ticker/bookTicker. Signed (X-MBX-APIKEY,
HMAC-SHA256 signature over query + body, timestamp within recvWindow of wall
time, also while replaying history): POST/GET/DELETE /api/v3/order (LIMIT,
MARKET, LIMIT_MAKER, STOP_LOSS_LIMIT), POST /api/v3/order/test, GET/DELETE
/api/v3/openOrders, GET /api/v3/account, /api/v3/myTrades. A resting limit
fills at its price once the replayed price trades through it, within
--fill-share of each update's volume; MARKET orders and crossing limits fill
at the current price.
USDT-M futures on the same port, every served symbol as a perpetual on the
same market: GET /fapi/v1/ping, time, exchangeInfo, klines, ticker/price,
ticker/24hr, ticker/bookTicker, premiumIndex, fundingRate, openInterest,
/futures/data/openInterestHist, globalLongShortAccountRatio (funding, open
interest and ratios derived from the bars); signed POST/GET/DELETE
/fapi/v1/order (LIMIT GTC/IOC/FOK/GTX, MARKET, reduceOnly), /fapi/v1/algoOrder
(CONDITIONAL STOP_MARKET, TAKE_PROFIT_MARKET, STOP, TAKE_PROFIT; closePosition),
GET /fapi/v1/openOrders, openAlgoOrders, userTrades, leverageBracket,
/fapi/v2|v3/positionRisk, /fapi/v2|v3/balance, /fapi/v2|v3/account, POST
/fapi/v1/leverage, marginType (one-way mode, cross margin). The wallet and
margin lists clients load with their markets (/sapi/v1/capital/config/getall,
margin/allPairs, margin/isolated/allPairs) and /dapi/v1/exchangeInfo are empty.
Test hooks: GET /sim/record, POST /sim/fault?next=KIND.
Streams: WebSocket upgrade on any path; /ws/<stream>
raw, /stream?streams=a/b combined; SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
SET_PROPERTY/GET_PROPERTY combined. Streams with data, one event per replay
update: <symbol>@kline_<interval>, <symbol>@ticker (24hrTicker over the
rolling 24 h), @miniTicker (24hrMiniTicker), @bookTicker (the bookTicker
book: bid at the price, ask a tick above, a lot each; u = event time),
@markPrice and @markPrice@1s (markPriceUpdate with premiumIndex's numbers),
and every symbol's !ticker@arr, !miniTicker@arr, !bookTicker, !markPrice@arr
(arrays of the symbol that changed). Event times are market time. The USDT-M
routes /market/ws|stream (klines, tickers, mark price) and /public/ws|stream
(@bookTicker) send the futures shapes (tickers without x/b/B/a/A, bookTicker
with e/T/E); a stream on the other route is acknowledged and stays silent, as
on Binance. /ws and /stream carry every stream, tickers in the spot shapes.
Other streams are accepted and stay silent. Serves until SIGINT or SIGTERM.
)";
}

} // namespace tn::sim
