#include "actors/regime/daily_series.hpp"

#include <chrono>
#include <cmath>

namespace tn {

std::vector<double> newest_log_returns(const std::vector<daily_close>& closes, size_t limit) {
  using namespace std::chrono;
  std::vector<double> newest_first;
  for (size_t i = closes.size(); i-- > 1;) {
    if (limit != 0 && newest_first.size() == limit)
      break;
    auto& later = closes[i];
    auto& earlier = closes[i - 1];
    if (later.day - earlier.day != hours{24} || !(earlier.close > 0) || !(later.close > 0))
      break;
    newest_first.push_back(std::log(later.close / earlier.close));
  }
  return {newest_first.rbegin(), newest_first.rend()};
}

} // namespace tn
