#include "backtest/report/write_report.hpp"

#include "backtest/report/report_html.hpp"
#include "backtest/report/csv_field.hpp"
#include "backtest/report/report_json.hpp"
#include "runtime/time_format.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

namespace tn::backtest {

namespace {

bool write_file(const std::filesystem::path& path, const std::string& text,
                std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out)
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (out)
    out.close();
  if (!out) {
    error = "cannot write " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

} // namespace

std::string trades_csv(const record& run) {
  std::string out = "time,symbol,side,quantity,price,fee,quote_asset,reason,decision_id,"
                    "client_id\n";
  for (auto& f : run.fills)
    out += format_timestamp(f.time) + "," + csv_field(f.symbol) + ","
           + (f.buy ? "BUY" : "SELL") + "," + to_string(f.quantity) + ","
           + to_string(f.price) + "," + to_string(f.fee) + "," + csv_field(run.quote_asset)
           + "," + csv_field(f.reason) + "," + std::to_string(f.decision_id) + ","
           + csv_field(f.client_id) + "\n";
  return out;
}

std::string funding_csv(const record& run) {
  std::string out = "time,symbol,position,mark_price,rate,amount,quote_asset\n";
  for (auto& x : run.funding)
    out += format_timestamp(x.time) + "," + csv_field(x.symbol) + "," + to_string(x.position)
           + "," + to_string(x.mark_price) + "," + to_string(x.rate) + ","
           + to_string(x.amount) + "," + csv_field(run.quote_asset) + "\n";
  return out;
}

bool write_report(const record& run, const record* evaluator_only, const std::string& dir,
                  std::string& error) {
  std::filesystem::path root{dir};
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) {
    error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  // Each run's metrics once, for both files; an evaluator-only run is its
  // own comparison, its metrics reused rather than run or computed again.
  auto m = compute_metrics(run);
  auto* eval = evaluator_comparison(run, evaluator_only);
  std::optional<metrics> e;
  if (eval && eval != &run)
    e = compute_metrics(*eval);
  auto* em = eval == &run ? &m : e ? &*e : nullptr;
  return write_file(root / "report.json", report_json(run, m, em), error)
         && write_file(root / "report.html", report_html(run, m, eval, em), error)
         && write_file(root / "trades.csv", trades_csv(run), error)
         && (run.market != "futures" || write_file(root / "funding.csv", funding_csv(run), error));
}

} // namespace tn::backtest
