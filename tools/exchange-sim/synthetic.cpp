#include "tools/exchange-sim/synthetic.hpp"

#include "tools/exchange-sim/assets.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tn::sim {

namespace {

constexpr int scale8 = 8;
constexpr int substeps = 6; // intrabar path points: they make high and low
constexpr double calm_sigma = 0.0006;     // per minute: ~2.3 % a day
constexpr double volatile_sigma = 0.0022; // ~8 % a day
constexpr double calm_to_volatile = 1.0 / 240; // per bar: calm spells last ~4 h
constexpr double volatile_to_calm = 1.0 / 60;  // volatile ones ~1 h
constexpr double volatile_volume = 2.5;
constexpr double market_correlation = 0.6;
constexpr double usd_per_trade = 700;
constexpr double btc_usd_per_minute = 1e6;
constexpr int64_t first_trade_id = 1'000'000;

uint64_t splitmix(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t fnv1a(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char ch : text) {
    h ^= static_cast<unsigned char>(ch);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// A stable number in [0, 1) from a name, for per-symbol traits.
double trait(std::string_view name, uint64_t salt) {
  uint64_t x = fnv1a(name) ^ salt;
  return static_cast<double>(splitmix(x) >> 11) * 0x1.0p-53;
}

units to_units(double value) {
  return static_cast<units>(std::floor(value * 1e8 + 0.5));
}

double to_double(units value) {
  return static_cast<double>(value) / 1e8;
}

units power_of_ten_units(int exponent, int lo, int hi) {
  return pow10(scale8 + std::clamp(exponent, lo, hi));
}

} // namespace

// -- rng ----------------------------------------------------------------------

rng::rng(uint64_t seed) {
  for (auto& word : s_)
    word = splitmix(seed);
}

uint64_t rng::next() {
  auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double rng::uniform() {
  return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53;
}

double rng::normal() {
  double u1 = uniform();
  double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

// -- symbols ------------------------------------------------------------------

bool parse_synthetic_symbols(std::string_view list, std::vector<synthetic_symbol>& out,
                             std::string& error) {
  out.clear();
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    synthetic_symbol s;
    auto colon = item.find(':');
    for (char ch : item.substr(0, colon)) {
      if (!std::isalnum(static_cast<unsigned char>(ch))) {
        error = "synthetic symbol '" + std::string{item} + "': letters and digits only";
        return false;
      }
      s.symbol += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    if (colon != std::string_view::npos) {
      parsed_decimal price;
      if (!parse_decimal(item.substr(colon + 1), price) || price.digits == 0) {
        error = "synthetic symbol '" + std::string{item} + "': bad start price";
        return false;
      }
      s.start_price = static_cast<double>(price.digits) / static_cast<double>(pow10(price.decimals));
    }
    if (s.symbol.empty()) {
      error = "empty synthetic symbol";
      return false;
    }
    out.push_back(std::move(s));
  }
  if (out.empty())
    error = "no synthetic symbols";
  return !out.empty();
}

// -- market -------------------------------------------------------------------

synthetic_market::synthetic_market(std::vector<synthetic_symbol> symbols, uint64_t seed,
                                   int64_t first_open)
  : market_(seed), next_open_(first_open) {
  for (auto& spec : symbols) {
    auto [base, quote] = split_symbol(spec.symbol);
    double quote_usd = usd_value(quote) > 0 ? usd_value(quote) : 1.0;
    double base_usd = usd_value(base);
    if (base_usd <= 0) // an unknown coin: somewhere between 5 cents and 500 dollars
      base_usd = std::exp(std::log(0.05) + trait(base, 1) * std::log(500 / 0.05));
    if (spec.start_price <= 0)
      spec.start_price = base_usd / quote_usd;
    int magnitude = static_cast<int>(std::floor(std::log10(spec.start_price)));
    if (spec.tick <= 0) // about five significant digits, as on Binance
      spec.tick = power_of_ten_units(magnitude - 4, -8, -2);
    if (spec.lot <= 0) // one lot worth between 0.1 and 1 quote units
      spec.lot = power_of_ten_units(-magnitude - 1, -8, 0);
    walker w{spec, rng(seed ^ fnv1a(spec.symbol)), 0, spec.start_price,
             base == "BTC" ? 1.0 : 1.0 + 0.6 * trait(spec.symbol, 2), quote_usd,
             btc_usd_per_minute * std::pow(base_usd / 60000, 0.3), first_trade_id};
    w.last_close = std::max(w.spec.tick, round_to(to_units(w.price), w.spec.tick));
    walkers_.push_back(std::move(w));
  }
}

std::vector<kline_series> synthetic_market::make_series() const {
  std::vector<kline_series> out;
  for (const auto& w : walkers_) {
    kline_series s;
    s.symbol = w.spec.symbol;
    s.scale = {scale8, scale8, scale8};
    s.tick = w.spec.tick;
    s.lot = w.spec.lot;
    out.push_back(std::move(s));
  }
  return out;
}

void synthetic_market::append(std::vector<kline_series>& series, size_t count) {
  std::vector<double> moves(substeps);
  for (size_t n = 0; n < count; ++n) {
    double flip = market_.uniform();
    if (regime_ == regime::calm && flip < calm_to_volatile)
      regime_ = regime::volatile_;
    else if (regime_ == regime::volatile_ && flip < volatile_to_calm)
      regime_ = regime::calm;
    double sigma = regime_ == regime::calm ? calm_sigma : volatile_sigma;
    for (auto& m : moves)
      m = market_.normal();
    for (size_t i = 0; i < walkers_.size(); ++i)
      series[i].bars.push_back(step(walkers_[i], moves, sigma));
    next_open_ += minute_ms;
  }
}

void synthetic_market::shift(int64_t offset_ms) {
  next_open_ += offset_ms;
}

kline synthetic_market::step(walker& w, const std::vector<double>& market_moves, double sigma) {
  const units tick = w.spec.tick;
  const double s = sigma * w.vol_scale / std::sqrt(static_cast<double>(substeps));
  const double own = std::sqrt(1 - market_correlation * market_correlation);
  const double floor_price = to_double(tick);
  double hi = w.price;
  double lo = w.price;
  double start = w.price;
  for (double m : market_moves) {
    double z = market_correlation * m + own * w.gen.normal();
    w.price = std::max(floor_price, w.price * std::exp(s * z - s * s / 2));
    hi = std::max(hi, w.price);
    lo = std::min(lo, w.price);
  }
  kline k;
  k.open_time = next_open_;
  k.close_time = next_open_ + minute_ms - 1;
  k.open = w.last_close;
  k.close = std::max(tick, round_to(to_units(w.price), tick));
  k.high = std::max({k.open, k.close, round_to(to_units(hi), tick)});
  k.low = std::min({k.open, k.close, std::max(tick, round_to(to_units(lo), tick))});
  w.last_close = k.close;

  // Volume follows the move's size and the regime, with lognormal noise.
  double move = std::abs(std::log(w.price / start)) / (s * std::sqrt(double(substeps)));
  double usd = w.usd_per_minute * (0.5 + 0.5 * move) * std::exp(0.4 * w.gen.normal() - 0.08)
               * (regime_ == regime::calm ? 1.0 : volatile_volume);
  double vwap = (to_double(k.high) + to_double(k.low) + 2 * to_double(k.close)) / 4;
  k.volume = std::max(w.spec.lot, floor_to(to_units(usd / w.quote_usd / vwap), w.spec.lot));
  k.quote_volume = to_units(to_double(k.volume) * vwap);
  double taker_share = std::clamp(0.5 + 0.35 * std::tanh(std::log(w.price / start) / s), 0.05, 0.95);
  k.taker_base = floor_to(static_cast<units>(static_cast<double>(k.volume) * taker_share), w.spec.lot);
  k.taker_quote = to_units(to_double(k.taker_base) * vwap);
  k.trades = std::max<int64_t>(1, std::llround(usd / usd_per_trade * std::exp(0.3 * w.gen.normal())));
  k.first_trade_id = w.next_trade_id;
  w.next_trade_id += k.trades;
  return k;
}

} // namespace tn::sim
