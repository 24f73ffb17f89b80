#include "actors/market_listener/kline_parser.hpp"

#include "actors/market_listener/decimal.hpp"

#include <simdjson.h>

namespace tn {

namespace dom = simdjson::dom;

struct kline_parser::impl {
  // The DOM parser validates the whole frame, so a truncated or garbled
  // frame is always an error, never a half-read event.
  dom::parser parser;
  std::string buffer; // frame copy with simdjson's required padding
};

kline_parser::kline_parser() : impl_(std::make_unique<impl>()) {
}
kline_parser::~kline_parser() = default;
kline_parser::kline_parser(kline_parser&&) noexcept = default;
kline_parser& kline_parser::operator=(kline_parser&&) noexcept = default;

namespace {

// Thrown only inside parse(): one exit path keeps every field check a
// single line.
struct bad_frame {
  const char* why;
};

template <class T>
T need(simdjson::simdjson_result<T>&& x, const char* why) {
  T value;
  if (std::move(x).get(value) != simdjson::SUCCESS)
    throw bad_frame{why};
  return value;
}

double need_decimal(const dom::object& k, const char* key, const char* why) {
  auto text = need<std::string_view>(k[key].get_string(), why);
  double value = 0;
  if (!parse_decimal(text, value))
    throw bad_frame{why};
  return value;
}

void parse_kline(const dom::object& data, parsed_frame& out) {
  auto event_ms = need<int64_t>(data["E"].get_int64(), "kline: missing or non-integer E");
  auto k = need<dom::object>(data["k"].get_object(), "kline: missing object k");
  auto& bar = out.bar;
  auto sym = need<std::string_view>(k["s"].get_string(), "kline: missing k.s");
  if (sym.empty())
    throw bad_frame{"kline: empty symbol"};
  bar.symbol.assign(sym);
  auto span = need<std::string_view>(k["i"].get_string(), "kline: missing k.i");
  if (!parse_interval(span, bar.span))
    throw bad_frame{"kline: unsupported interval"};
  bar.open_time = from_unix_ms(need<int64_t>(k["t"].get_int64(), "kline: bad k.t"));
  bar.open = need_decimal(k, "o", "kline: bad k.o");
  bar.close = need_decimal(k, "c", "kline: bad k.c");
  bar.high = need_decimal(k, "h", "kline: bad k.h");
  bar.low = need_decimal(k, "l", "kline: bad k.l");
  bar.volume = need_decimal(k, "v", "kline: bad k.v");
  bar.trades = static_cast<uint64_t>(need<int64_t>(k["n"].get_int64(), "kline: bad k.n"));
  bar.closed = need<bool>(k["x"].get_bool(), "kline: bad k.x");
  bar.quote_volume = need_decimal(k, "q", "kline: bad k.q");
  bar.taker_buy_volume = need_decimal(k, "V", "kline: bad k.V");
  if (!(bar.low <= bar.high) || bar.close <= 0)
    throw bad_frame{"kline: inconsistent prices"};
  out.last.symbol = bar.symbol;
  out.last.ts_event = from_unix_ms(event_ms);
  out.last.bar_open = bar.open_time;
  out.last.price = bar.close;
  out.last.bar_volume = bar.volume;
  out.kind = frame_kind::kline;
}

void parse_event(const dom::object& data, parsed_frame& out) {
  std::string_view type;
  // Some streams (bookTicker) carry no event type: well-formed, not ours.
  if (data["e"].get_string().get(type) != simdjson::SUCCESS)
    out.kind = frame_kind::other;
  else if (type == "kline")
    parse_kline(data, out);
  else if (type == "serverShutdown")
    out.kind = frame_kind::shutdown;
  else
    out.kind = frame_kind::other;
}

} // namespace

void kline_parser::parse(std::string_view frame, parsed_frame& out) {
  out.kind = frame_kind::error;
  out.error.clear();
  auto& buf = impl_->buffer;
  buf.reserve(frame.size() + simdjson::SIMDJSON_PADDING);
  buf.assign(frame.data(), frame.size());
  try {
    auto root = need<dom::object>(
      impl_->parser.parse(buf.data(), buf.size(), false).get_object(),
      "not a JSON object");
    // Combined streams wrap the event; bare streams and control replies don't.
    dom::object data;
    if (root["data"].get_object().get(data) == simdjson::SUCCESS)
      parse_event(data, out);
    else if (root["id"].error() == simdjson::SUCCESS || root["result"].error() == simdjson::SUCCESS)
      out.kind = frame_kind::control;
    else
      parse_event(root, out);
  } catch (const bad_frame& e) {
    out.kind = frame_kind::error;
    out.error = e.why;
  }
}

void append_to_batch(const parsed_frame& frame, tick_batch& batch) {
  if (frame.kind != frame_kind::kline || frame.bar.span != interval::m1)
    return;
  batch.ticks.push_back(frame.last);
  if (frame.bar.closed)
    batch.closed.push_back(frame.bar);
}

} // namespace tn
