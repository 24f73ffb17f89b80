// libFuzzer target: any byte string fed to the kline frame parser must give
// a kline, a recognised non-kline frame, or an error with a reason; never a
// crash, a hang or an inconsistent bar.

#include "actors/market_listener/kline_parser.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tn::kline_parser parser;
  static tn::parsed_frame frame;
  parser.parse(std::string_view{reinterpret_cast<const char*>(data), size}, frame);
  if (frame.kind == tn::frame_kind::error && frame.error.empty())
    std::abort();
  if (frame.kind == tn::frame_kind::kline && !(frame.bar.low <= frame.bar.high))
    std::abort();
  return 0;
}
