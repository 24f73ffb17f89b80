// Backtest benchmark (issue 17): candles per second through `tradenode
// backtest` with the evaluator deciding, on one year of 1-minute candles for
// 3 symbols, and the run's peak RSS.
//
// The year is built at run time in a temporary directory from the real
// February 2024 USDⓈ-M futures months in ../shared/data (AVAXUSDT, NEARUSDT,
// FILUSDT, 29 days = 41760 bars each): each month is repeated back to back,
// timestamps shifted by the month's length per copy, and every copy's
// prices scaled so it opens at the previous copy's last close (volumes as
// they were), until 365 days = 525600 bars per symbol. The files are written
// in Binance's spot dump format (no header, millisecond times, 8 decimals)
// as <SYMBOL>-1m-year.csv, so the run trades them as spot pairs with the
// saved spot exchangeInfo. The first day is the warm-up history (--from);
// the other 364 days are replayed: 3 x 524160 candles.
//
// Each run is `tradenode backtest` as a child process; its wall time gives
// the rate and wait4's rusage its peak RSS (ru_maxrss). Figures: the median
// of `runs` runs.
//
// `days` replays only the first days of the year (--to), for a figure when
// the whole year takes too long; the time of the year is then extrapolated
// from the rate and printed as such.
//
// usage: backtest_bench [runs=3] [days=364] [tradenode=TN_TRADENODE] [data_dir=TN_SHARED_DATA]

#include "tools/bench/median.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using wall_clock = std::chrono::steady_clock;

namespace {

constexpr int64_t minute_ms = 60'000;
constexpr int64_t year_bars = 365 * 1440;

struct bar {
  int64_t open_ms;
  double o, h, l, c, v, qv, tbb, tbq;
  int64_t trades;
};

std::vector<bar> read_month(const std::string& path) {
  std::ifstream in{path};
  std::vector<bar> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] < '0' || line[0] > '9')
      continue; // the futures header
    std::vector<std::string> c;
    std::stringstream s{line};
    for (std::string cell; std::getline(s, cell, ',');)
      c.push_back(cell);
    if (c.size() < 11)
      continue;
    out.push_back({std::stoll(c[0]), std::stod(c[1]), std::stod(c[2]), std::stod(c[3]),
                   std::stod(c[4]), std::stod(c[5]), std::stod(c[7]), std::stod(c[9]),
                   std::stod(c[10]), std::stoll(c[8])});
  }
  return out;
}

/// The year of `month` chained copy after copy into `path`; false if the
/// month could not be read.
bool write_year(const std::vector<bar>& month, const std::string& path) {
  if (month.empty())
    return false;
  std::ofstream out{path};
  const int64_t span = month.back().open_ms + minute_ms - month.front().open_ms;
  double scale = 1;
  double last_close = month.front().o;
  int64_t written = 0;
  for (int copy = 0; written < year_bars; ++copy) {
    scale = last_close / month.front().o;
    for (auto& b : month) {
      if (written == year_bars)
        break;
      auto t = b.open_ms + copy * span;
      auto px = [&](double x) { return std::round(x * scale * 1e8) / 1e8; };
      out << fmt::format("{},{:.8f},{:.8f},{:.8f},{:.8f},{:.8f},{},{:.8f},{},{:.8f},{:.8f},0\n", t,
                         px(b.o), px(b.h), px(b.l), px(b.c), b.v, t + minute_ms - 1, b.qv * scale,
                         b.trades, b.tbb, b.tbq * scale);
      last_close = px(b.c);
      ++written;
    }
  }
  return static_cast<bool>(out.flush());
}

struct run_result {
  double seconds = 0;
  long max_rss_kb = 0;
  int status = -1;
};

run_result run(const std::string& exe, const std::vector<std::string>& args,
               const std::string& log) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto start = wall_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    FILE* g = std::freopen((log + ".out").c_str(), "w", stdout);
    (void)g;
    ::execv(exe.c_str(), argv.data());
    std::_Exit(127);
  }
  run_result r;
  struct rusage ru {};
  int st = 0;
  ::wait4(pid, &st, 0, &ru);
  r.seconds = std::chrono::duration<double>(wall_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

} // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  int days = argc > 2 ? std::atoi(argv[2]) : 364;
  std::string exe = argc > 3 ? argv[3] : TN_TRADENODE;
  std::string data = argc > 4 ? argv[4] : TN_SHARED_DATA;
  if (runs < 1)
    runs = 1;
  if (days < 1 || days > 364)
    days = 364;
  auto dir = fs::temp_directory_path() / fmt::format("backtest_bench-{}", ::getpid());
  fs::create_directories(dir);
  std::vector<std::string> files;
  for (auto symbol : {"AVAXUSDT", "NEARUSDT", "FILUSDT"}) {
    auto month = read_month(data + "/futures_um/klines_1m/" + symbol + "-1m-2024-02.csv");
    auto path = (dir / (std::string{symbol} + "-1m-year.csv")).string();
    if (!write_year(month, path)) {
      fmt::print(stderr, "backtest_bench: cannot build the year of {} from {}\n", symbol, data);
      return 1;
    }
    files.push_back(path);
  }
  // The first day (2024-02-01) is the warm-up history.
  const std::string from = "2024-02-02T00:00";
  const int64_t replayed = 3 * int64_t{days} * 1440;
  const int64_t year_candles = 3 * (year_bars - 1440);
  // --to: the close of the last replayed day (2024-02-02 + days).
  const int64_t to_s = 1'706'832'000 + int64_t{days} * 86'400;
  std::time_t to_t = to_s;
  char to[32];
  std::strftime(to, sizeof to, "%Y-%m-%dT%H:%M", std::gmtime(&to_t));
  auto cfg = (dir / "bench.yaml").string();
  std::ofstream{cfg} << "node: {mode: backtest, name: bench, data_dir: " << (dir / "out").string()
                     << ", progress_interval: 0s}\n"
                        "backtest: {exchange_info: "
                     << data << "/spot/exchangeInfo-2023-09-08.json, seed: 1, out: "
                     << (dir / "out").string()
                     << "}\n"
                        "console: {port: 0}\n";
  fmt::print("backtest_bench: {} candles replayed per run (3 symbols x {} days of the year, 1 day "
             "warm-up), {} run(s) of {}\n",
             replayed, days, runs, exe);
  std::vector<double> rates, rss;
  for (int i = 0; i < runs; ++i) {
    std::vector<std::string> args{"backtest", "--config", cfg, "--from", from, "--to", to,
                                  "--data"};
    args.insert(args.end(), files.begin(), files.end());
    auto r = run(exe, args, (dir / fmt::format("run{}.log", i)).string());
    if (r.status != 0) {
      fmt::print(stderr, "backtest_bench: run {} failed (exit {}); see {}\n", i, r.status,
                 (dir / fmt::format("run{}.log", i)).string());
      return 1;
    }
    rates.push_back(replayed / r.seconds);
    rss.push_back(r.max_rss_kb / 1024.0);
    fmt::print("  run {}: {:.1f} s, {:.0f} candles/s, peak RSS {:.0f} MB\n", i, r.seconds,
               rates.back(), rss.back());
  }
  fmt::print("median: {:.0f} candles/s, peak RSS {:.0f} MB; the year ({} candles) {} {:.1f} s\n",
             tn::bench::median(rates), tn::bench::median(rss), year_candles,
             days == 364 ? "took" : "would take, at that rate,",
             year_candles / tn::bench::median(rates));
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
