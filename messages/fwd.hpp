#pragma once

// Forward declarations and the time types every layer shares. Light on
// purpose: pure logic includes this without pulling in CAF.

#include <chrono>
#include <cstdint>

namespace tn {

/// Event time. Identical to caf::timestamp, so it crosses actor boundaries
/// and the network without conversion.
using timespan = std::chrono::duration<int64_t, std::nano>;
using timestamp = std::chrono::time_point<std::chrono::system_clock, timespan>;

/// Milliseconds since the Unix epoch, as Binance stamps everything.
inline timestamp from_unix_ms(int64_t ms) {
  return timestamp{std::chrono::milliseconds{ms}};
}
inline int64_t to_unix_ms(timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// -- data types (messages/*.hpp) ----------------------------------------------
struct candle;
struct tick;
struct tick_batch;
struct feed_stats;
struct event;
struct status_report;
struct service_handle;
struct service_row;
struct wake_condition;
struct gate_pass;
struct decision;
struct decision_record;
struct market_snapshot;
struct agent_request;
struct agent_answer;
struct model_response;
struct breaker_status;
enum class breaker_permit : uint8_t;
enum class breaker_outcome : uint8_t;
struct gate_schedule;
struct decimal;
struct order_request;
struct order_update;
struct fill;
struct position;
struct position_exit;
struct exit_request;
struct account_state;
struct risk_verdict;
struct asset_balance;
struct journaled_order;
struct execution_journal;
struct learner_entry;
struct learner_update;
struct learner_journal;
struct learner_weights;
struct learner_report;
struct exchange_holding;
struct exchange_holdings;
struct funding_payment;
struct regime_model;
struct regime_status;

} // namespace tn
