#pragma once

// The adaptive gate: decides, in event time, whether a model decision is
// worth paying for. Four layers, highest priority first when several fire
// at once:
//   wake condition  one of the model's conditions holds for the tick's
//                   symbol, or the gate's own funding condition: the
//                   symbol's funding rate crossed funding_threshold, or its
//                   funding time is funding_lead away
//   z-score         the symbol's 1m return or volume is unusual
//   candle close    a bar of the configured interval closed
//   timer           the model's next check (or max_check) is due; it is
//                   kept on the 1m candle grid (see set_next_check)
// Wake and z-score passes name their symbol and start its cooldown; candle
// close and timer passes concern every symbol (""). Time is the market's
// (DESIGN.md "Time"): a candle closes only when a symbol's own data says so
// (its closing frame, or a frame of a later bar), never because a clock
// passed the boundary; a group of symbols passes once every member's close
// arrived, or `close_grace` after the first. Time without data (on_time)
// moves only the timer and that grace. No two passes come
// closer than min_spacing. Every pass restarts the timer at max_check and
// counts against the UTC day's cap. A trigger over the cap is bookkept as if
// it had passed (timer, cooldown, consumed condition), so one move is
// counted once, not once per tick.
// Pure: time is a parameter, nothing here reads a clock.

#include "actors/gate/gate_config.hpp"
#include "actors/gate/rolling_stats.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"

#include <array>
#include <initializer_list>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tn {

struct gate_stats {
  uint64_t ticks = 0;                                          // ticks of watched symbols
  uint64_t passes = 0;                                         // passes emitted
  std::array<uint64_t, std::size(all_pass_reasons)> by_reason{}; // passes, indexed by reason
  // Inputs each layer was run on, indexed by reason: wake and z-score on
  // every tick of a watched symbol (wake also on every funding update),
  // candle close and timer on every tick, closed bar and on_time. A
  // layer's pass rate is by_reason / checked.
  std::array<uint64_t, std::size(all_pass_reasons)> checked{};
  uint64_t suppressed_cap = 0;      // triggers over the daily cap
  uint64_t suppressed_cooldown = 0; // ticks whose z-score or wake trigger waited for cooldown
  uint64_t suppressed_spacing = 0;  // candle closes within min_spacing of a pass
  uint64_t wake_armed = 0;          // wake conditions waiting to fire
  uint64_t wake_rejected = 0;       // conditions refused (unknown symbol, threshold not finite)
  uint32_t passes_today = 0;        // passes on the current UTC day
  timestamp next_check;             // when the timer is due
};

class gate {
public:
  /// `cfg` must have passed validate(). Only `symbols` are watched.
  /// `start` is the first market event time: the timer runs from it, and
  /// the bars in progress are the ones it falls in.
  gate(gate_config cfg, timestamp start, const std::vector<std::string>& symbols);

  /// A price of a forming 1m bar. Runs every layer for the tick's symbol.
  std::optional<gate_pass> on_tick(const tick& t);

  /// A closed bar from the exchange: a 1m bar feeds the z-scores unless the
  /// next bar's ticks already closed that minute (each minute counts once);
  /// any bar's end counts for the candle-close layer.
  std::optional<gate_pass> on_closed(const candle& bar);

  /// Event time passes without data (the market clock's, see
  /// runtime/market_clock.hpp): only the timer and a waiting group close
  /// can fire.
  std::optional<gate_pass> on_time(timestamp now);

  /// After a decision made at `now` (the market time of its pass): check
  /// again in `seconds`, clamped to [min_check, max_check] before it becomes
  /// a duration (no value from the wire can overflow), counted from `now` or
  /// the gate's own time if that is later. Only data and on_time move the
  /// gate's time. The check is kept on the 1m candle grid: the wait counts
  /// from the close of the 1m bar that time lies in, and the check is due at
  /// the first close at or after its end. A decision stamped a moment after
  /// a close (it answered an order, or the clock carried event time on while
  /// the market was silent) therefore checks again at a close, when data
  /// arrives, not a bar later. Every timer the gate sets (the first, and
  /// max_check after each pass) lies on the same grid.
  void set_next_check(timestamp now, int64_t seconds);

  /// What a restarted gate needs to carry on: the timer, the armed wake
  /// conditions and the day's passes.
  gate_schedule schedule() const;

  /// Carries on from a schedule kept before a restart: the day's passes
  /// count on if it is the same UTC day; its timer (at most max_check
  /// ahead) and wake conditions apply unless a decision set new ones since
  /// start.
  void restore(const gate_schedule& saved);

  timestamp next_check() const {
    return next_check_;
  }

  /// Passes on the UTC day of the latest event time.
  uint32_t passes_today() const;

  /// The model's conditions from its last decision; they replace the
  /// previous set. Returns how many were accepted.
  std::size_t set_wake_conditions(std::vector<wake_condition> conditions);

  /// Values for the funding and pnl_pct wake metrics, fed by the services
  /// that own them.
  void update_funding(const std::string& symbol, double rate);
  void update_pnl(const std::string& symbol, double pct);

  /// The derivatives monitor's funding rate and next funding time (epoch:
  /// unknown) of a symbol, at event time `ts`: feeds the funding wake
  /// metric and the funding layer, and runs the symbol's wake layer.
  std::optional<gate_pass> on_funding(const std::string& symbol, double rate,
                                      timestamp next_funding, timestamp ts);

  gate_stats stats() const;

private:
  struct symbol_state;
  struct close_group;
  struct trigger;

  symbol_state* find(const std::string& symbol);
  timestamp advance(timestamp t);
  void close_minute(symbol_state& s, timestamp open, double close, double volume);
  void score(symbol_state& s, timestamp bar_open, double price, double volume);
  std::optional<trigger> check_symbol(symbol_state& s, timestamp now);
  std::optional<trigger> check_close(symbol_state& s, timestamp data_time, timestamp now);
  std::optional<trigger> due_close(std::size_t group, timestamp now);
  std::optional<trigger> check_grace(timestamp now);
  std::optional<trigger> check_timer(timestamp now);
  std::optional<gate_pass> settle(timestamp now, symbol_state* s, std::optional<trigger> first,
                                  std::optional<trigger> second, std::optional<trigger> third);
  std::optional<gate_pass> commit(timestamp now, symbol_state* s, const trigger& x);
  void count_checks(std::initializer_list<pass_reason> layers);

  // A bar close seen in some members' data, waiting for the others.
  struct pending_close {
    timestamp open;     // the next bar's start: the close it waits for
    timestamp deadline; // passes then even if members are missing
    std::size_t closed = 0;
  };

  struct close_group {
    interval span;
    std::string symbol; // "" for the style's group, else the overriding symbol
    timestamp bar_open; // the bar in progress; a later bar start closes it
    std::size_t members = 0;
    std::optional<pending_close> pending;
  };

  struct symbol_state {
    symbol_state(std::string symbol, std::size_t window);

    std::string name;
    std::size_t group = 0;
    // Start of the newest bar of the group's interval its data reached.
    timestamp reached;
    rolling_stats returns;
    rolling_stats volumes;
    // The forming 1m bar as the ticks tell it.
    std::optional<timestamp> forming_open;
    double forming_price = 0;
    double forming_volume = 0;
    // The newest closed 1m bar fed to the statistics.
    std::optional<timestamp> closed_open;
    double closed_price = 0;
    // Scores of the forming bar; NaN until the window has enough bars.
    double z_price;
    double z_volume;
    double last_price = 0;
    timestamp cooldown_until;
    std::optional<double> funding;
    std::optional<double> pnl;
    // The funding layer: the next funding time as last fed; whether the
    // rate was beyond the threshold then; a crossing not passed yet; the
    // funding time a pass was made for.
    timestamp next_funding;
    bool funding_high = false;
    bool funding_crossed = false;
    timestamp funding_time_passed;
    std::vector<wake_condition> wakes;
  };

  struct trigger {
    pass_reason reason;
    std::string_view symbol; // empty for every symbol
    std::size_t wake_index = 0;
    std::size_t group = 0;   // candle close: the group, and how many of its
    std::size_t closed = 0;  // members had closed when it passed
  };

  static std::optional<double> value_of(const symbol_state& s, wake_metric metric);
  std::optional<std::size_t> funding_due(const symbol_state& s, timestamp now) const;
  std::string describe(const trigger& x, const symbol_state* s) const;

  gate_config cfg_;
  std::unordered_map<std::string, symbol_state> symbols_;
  std::vector<close_group> groups_;
  timestamp now_;
  timestamp next_check_;
  std::optional<timestamp> last_pass_;
  int64_t day_ = 0;
  uint32_t day_count_ = 0;
  bool scheduled_ = false; // a decision set the timer since start
  gate_stats stats_;
};

} // namespace tn
