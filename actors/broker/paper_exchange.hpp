#pragma once

// The paper fill model: a simulated exchange that fills orders against the
// prices it is shown, deterministically (the same prices and orders give
// the same fills, trade ids included). Pure: no CAF; time comes with each
// call.
//
// - MARKET fills in full at the next price after it arrived (never at the
//   price it was decided on), moved by `slippage` against it; taker fee.
// - LIMIT and LIMIT_MAKER rest and fill in full at their limit when a later
//   price trades strictly through it (a buy below, a sell above): a price
//   that only touches the limit does not fill, since the queue ahead of a
//   resting order at that price may take all of it; maker fee.
// - LIMIT marketable on arrival (a buy at or above the last price, a sell
//   at or below) takes: it fills at the next price within its limit, at
//   that price, with the taker fee; if the next price has moved past its
//   limit, it rests as above.
// - LIMIT_MAKER marketable on arrival is refused as Binance refuses it
//   ("Order would immediately match and take."), and its quantity goes to
//   the market at once, as the binance broker sends it.
// - LIMIT_MAKER still resting `maker_fallback` after it was placed (event
//   time: the prices' and the clock's) is canceled, its lock released, and
//   its quantity goes to the market. Either way the market order (client
//   id `<id>m`) is handed back in `fallbacks`, for the caller to journal
//   before it places it (write-ahead); it then fills as any MARKET order.
//   The maker order is gone before that, so it can never fill as well.
// - STOP_LOSS_LIMIT (the tracker's protective stop) rests untriggered
//   until a price trades at or beyond its stop price (a sell at or below,
//   a buy at or above); then it is a limit order at its price: filled at
//   once, with the taker fee, at that price moved by `slippage` against it
//   but never beyond its limit, if that is within the limit; otherwise it
//   rests as a LIMIT above. One that would trigger on arrival is refused as
//   Binance refuses it ("Order would trigger immediately.").
// - A buy locks its quote (quantity times the limit, or the last price with
//   slippage, plus the taker fee), a sell its base quantity; what the free
//   balance cannot cover is refused with Binance's wording ("Account has
//   insufficient balance for requested action."), also at fill time when a
//   market buy's price moved beyond what it locked.
// - Funding (futures, paper_funding.hpp): the events given to set_funding
//   settle when event time reaches their funding time: every position held
//   then pays or receives position × mark × rate in the quote asset. The
//   mark is the symbol's last price at or before the funding time; a price
//   stamped exactly at it counts (a backtest's tick of the bar that closes
//   at the funding time), the fills it makes do not: a fill at or after
//   the funding time does not take part in it. A time message settles the
//   events strictly before its time (a price at that very time may follow).

#include "actors/broker/paper_account.hpp"
#include "actors/broker/paper_config.hpp"
#include "actors/broker/paper_funding.hpp"
#include "messages/order.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tn {

/// What a call made happen, in order: the orders' new states, their
/// fills, what the operator should hear, and the market orders that take
/// over from maker orders that gave up (to be placed once journaled).
struct paper_events {
  std::vector<order_update> updates;
  std::vector<fill> fills;
  std::vector<std::string> notices;
  std::vector<order_request> fallbacks;
  std::vector<funding_payment> funding; // settled, in time order

  bool empty() const {
    return updates.empty() && fills.empty() && notices.empty() && fallbacks.empty()
           && funding.empty();
  }
};

class paper_exchange {
public:
  explicit paper_exchange(paper_config cfg);

  /// Starts from the journal: its balances (the starting balances when it
  /// kept none), the cost of its open positions, the day's PnL and fees;
  /// its resting limit orders rest again; every other order without a
  /// final state never reached this exchange or lost its turn: intents are
  /// dropped, accepted market orders expired.
  paper_events restore(const execution_journal& j, timestamp now);

  /// The funding events to settle (a futures backtest's funding files);
  /// without any, nothing is ever settled (spot).
  void set_funding(const std::vector<funding_due>& events);

  /// Takes an order at `now`: accepted (open) or rejected, with the reason.
  paper_events place(const order_request& x, timestamp now);

  /// Cancels a resting order.
  paper_events cancel(const std::string& client_id, timestamp now);

  /// A trade price of `symbol` at `ts`: first the maker orders whose
  /// fallback is due by `ts` give up, then it fills what it reaches.
  paper_events on_price(const std::string& symbol, decimal price, timestamp ts);

  /// Event time moved to `now` without a price: the maker orders whose
  /// fallback is due give up.
  paper_events on_time(timestamp now);

  /// The account at `now`, valued at the last prices.
  account_state account(timestamp now) const;

  std::vector<asset_balance> balances() const {
    return account_.balances();
  }

  const paper_config& config() const {
    return cfg_;
  }

private:
  struct resting {
    order_request request;
    std::string base;
    decimal locked; // quote for a buy, base for a sell
    bool taker = false; // marketable on arrival: takes the next price
    bool triggered = false; // a stop whose stop price traded: a limit order now
    timestamp since;        // rests since (event time): when a maker order gives up
  };

  /// Cancels the LIMIT_MAKER orders that rested `maker_fallback` by `now`
  /// and hands their quantity to the market.
  void fall_back(timestamp now, paper_events& out);

  /// Why `x` cannot be accepted now; "" if it can.
  std::string refusal(const order_request& x, const std::string& base) const;

  /// What `x` locks: the quote a buy may spend with its fee, the base a
  /// sell delivers.
  decimal to_lock(const order_request& x) const;

  /// The price `o` fills at when `price` trades, and whether it is a
  /// maker fill; false when it does not fill.
  bool fill_price(resting& o, decimal price, decimal& out, bool& maker) const;

  /// Settles the funding events of `symbol` (every symbol when empty) due
  /// by `now`.
  void settle_funding(const std::string& symbol, timestamp now, paper_events& out);

  /// Fills `o` at `price`; false when the account cannot pay (then it is
  /// rejected in `out`).
  bool execute(const resting& o, decimal price, bool maker, timestamp ts, paper_events& out);

  static order_update update_of(const order_request& x, order_state state, timestamp ts,
                                std::string reason = {});

  paper_config cfg_;
  paper_account account_;
  std::vector<resting> book_; // in arrival order: fills are deterministic
  std::map<std::string, decimal> last_; // last price by symbol
  std::map<std::string, funding_schedule> funding_; // by symbol
};

/// The trade id of an order's n-th paper fill: a hash of its client id and
/// n (FNV-1a, 63 bits), the same in every run and after a restart, so the
/// journal keeps each paper fill once.
uint64_t paper_trade_id(const std::string& client_id, uint32_t n);

} // namespace tn
