#pragma once

// The event log's memory: the last N events of every topic. Pure logic.

#include "messages/events.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

class event_log {
public:
  /// Keeps at most `per_topic` events per topic (at least one).
  explicit event_log(uint32_t per_topic);

  /// Records `e`, dropping the oldest event of its topic when full.
  void add(event e);

  /// The kept events of `topic`, oldest first; "" merges every topic by
  /// time (ties keep topic order, then arrival order).
  std::vector<event> query(const std::string& topic) const;

  /// Number of topics seen.
  size_t topics() const;

  /// Events recorded since start, dropped ones included.
  uint64_t total() const;

private:
  size_t per_topic_;
  uint64_t total_ = 0;
  std::map<std::string, std::deque<event>> rings_;
};

/// Which event lines a backtest shows: warnings and errors, each; info and
/// debug events (a decision per minute, an order's states) are counted per
/// topic and summed up in one line at the end. The journal keeps them all.
class line_filter {
public:
  /// True when `e`'s line is shown; else it is counted.
  bool shows(const event& e);

  /// "N info lines not shown (topic a: n, topic b: m; every event is in
  /// the journal)", or "" when none was held back.
  std::string summary() const;

private:
  uint64_t held_ = 0;
  std::map<std::string, uint64_t> per_topic_;
};

/// One line for the operator: "<time> <topic> <level> <text>", without a
/// line break; line breaks inside the text become spaces. The time is the
/// event's (market time live, replay time in a backtest); where the clock's
/// `wall` time differs from it by a second or more (a simulator running
/// faster than real time, a replay), it follows in brackets, so every line
/// leads with one kind of time and the reader still sees when it happened.
std::string format_event_line(const event& e, std::optional<timestamp> wall = std::nullopt);

} // namespace tn
