#pragma once

// Whether the stream connection still carries market data, judged in event
// time. Pings and pongs keep a TCP connection open but say nothing about
// the data: a server that only answers pings is as dead as a silent one.
// A connection also earns a fresh reconnect backoff only by delivering
// data for a while, so a server that accepts and drops at once meets
// growing delays instead of being hammered.

#include "messages/fwd.hpp"

#include <optional>

namespace tn {

class stream_health {
public:
  stream_health(timespan idle_timeout, timespan healthy_after)
    : idle_timeout_(idle_timeout), healthy_after_(healthy_after) {
  }

  /// A new connection is up.
  void on_open(timestamp now);

  /// A data frame arrived. True once per connection, when it has delivered
  /// data for `healthy_after`: the reconnect backoff may start over.
  bool on_data(timestamp now);

  /// The connection is gone.
  void on_close();

  /// True if the open connection delivered no data for `idle_timeout`.
  /// Time unknown at open (`timestamp{}`) starts counting at the first
  /// known `now`.
  bool idle(timestamp now);

private:
  timespan idle_timeout_;
  timespan healthy_after_;
  bool open_ = false;
  bool earned_ = false;
  timestamp silent_since_;
  std::optional<timestamp> first_data_;
};

} // namespace tn
