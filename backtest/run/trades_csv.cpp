#include "backtest/run/trades_csv.hpp"

#include "runtime/time_format.hpp"

namespace tn::backtest {

std::string trades_csv(const record& r) {
  std::string out = "time,symbol,side,quantity,price,fee,quote_asset,reason,decision_id,"
                    "client_id\n";
  for (auto& f : r.fills) {
    out += format_timestamp(f.time);
    out += ',' + f.symbol;
    out += f.buy ? ",BUY," : ",SELL,";
    out += to_string(f.quantity) + ',' + to_string(f.price) + ',' + to_string(f.fee) + ',';
    out += r.quote_asset + ',' + f.reason + ',' + std::to_string(f.decision_id) + ',';
    out += f.client_id + '\n';
  }
  return out;
}

} // namespace tn::backtest
