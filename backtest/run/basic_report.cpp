#include "backtest/run/basic_report.hpp"

#include "runtime/time_format.hpp"

namespace tn::backtest {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20)
      out += c;
  }
  return out + '"';
}

} // namespace

std::string basic_report_json(const record& r) {
  decimal pnl;
  decimal fees;
  uint64_t wins = 0;
  for (auto& t : r.trades) {
    pnl = pnl + t.pnl;
    if (t.pnl.is_positive())
      ++wins;
  }
  for (auto& f : r.fills)
    fees = fees + f.fee;
  auto final_equity = r.equity.empty() ? r.starting_equity : r.equity.back().equity;
  std::string out = "{\n";
  out += "  \"name\": " + quoted(r.name) + ",\n";
  out += "  \"market\": " + quoted(r.market) + ",\n";
  out += "  \"from\": " + quoted(format_timestamp(r.from)) + ",\n";
  out += "  \"to\": " + quoted(format_timestamp(r.to)) + ",\n";
  out += "  \"candles\": " + std::to_string(r.candles) + ",\n";
  out += "  \"symbols\": [";
  bool first = true;
  for (auto& [symbol, prices] : r.prices) {
    out += (first ? "" : ", ") + quoted(symbol);
    first = false;
  }
  out += "],\n";
  out += "  \"quote_asset\": " + quoted(r.quote_asset) + ",\n";
  out += "  \"starting_equity\": " + quoted(to_string(r.starting_equity)) + ",\n";
  out += "  \"final_equity\": " + quoted(to_string(final_equity)) + ",\n";
  out += "  \"fills\": " + std::to_string(r.fills.size()) + ",\n";
  out += "  \"closed_trades\": " + std::to_string(r.trades.size()) + ",\n";
  out += "  \"winning_trades\": " + std::to_string(wins) + ",\n";
  out += "  \"realized_pnl\": " + quoted(to_string(pnl)) + ",\n";
  out += "  \"fees\": " + quoted(to_string(fees)) + ",\n";
  out += "  \"model\": " + quoted(r.model.mode) + ",\n";
  out += "  \"warnings\": [";
  for (size_t i = 0; i < r.warnings.size(); ++i)
    out += (i == 0 ? "" : ", ") + quoted(r.warnings[i]);
  out += "]\n";
  out += "}\n";
  return out;
}

} // namespace tn::backtest
