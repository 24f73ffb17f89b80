// Decision benchmark: what the engine itself spends per model decision, the
// model's latency excluded, on the real February 2024 futures month (AVAX,
// NEAR, FIL 1m bars aggregated to the market store's 1h, 4h and 1d series):
//   1. prompt: collect 3 symbols x {1h, 4h, 1d} x 24 closed bars into a
//      market_snapshot with a position, derivatives, regime, learner weights
//      and memory; render the system and user prompts; hash the request; write
//      the Anthropic request body;
//   2. answer: parse a realistic tool_use response for the 3 symbols and
//      validate the decision.
// One decision per hour from the first hour with 24 daily bars (02-25) to the
// end of the month; each figure is the median of `runs` runs. Stages are
// timed in thread CPU time, which a busy machine does not inflate; the wall
// time of the whole loop is printed next to it.
//
// usage: decision_bench [runs=5] [data_dir=TN_SHARED_DATA]

#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/decision_validate.hpp"
#include "actors/agent/prompt_hash.hpp"
#include "actors/trader/prompt.hpp"

#include "test/unit/trader/real_snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>

using namespace tn;
using wall_clock = std::chrono::steady_clock;

namespace {

// A /v1/messages answer to the forced tool call, the size a real decision
// for three symbols has: signals per symbol, wake conditions, a memory
// update and a paragraph of reasoning. Adjacent literals only split the
// long JSON strings across lines.
const std::string response_body =
  R"({"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",)"
  R"("model":"claude-sonnet-4-5-20250929","content":[{"type":"tool_use",)"
  R"("id":"toolu_01A09q90qw90lq917835lq9","name":"submit_decision","input":{"decisions":[)"
  R"({"symbol":"AVAXUSDT","action":"BUY","position_pct":0.35,"signals":[)"
  R"({"name":"trend","direction":"bullish","confidence":0.72},)"
  R"({"name":"momentum","direction":"bullish","confidence":0.61},)"
  R"({"name":"volume","direction":"bullish","confidence":0.55}]},)"
  R"({"symbol":"NEARUSDT","action":"HOLD","position_pct":0,"signals":[)"
  R"({"name":"trend","direction":"neutral","confidence":0.4},)"
  R"({"name":"funding","direction":"bearish","confidence":0.35}]},)"
  R"({"symbol":"FILUSDT","action":"SELL","position_pct":0,"signals":[)"
  R"({"name":"trend","direction":"bearish","confidence":0.58},)"
  R"({"name":"regime","direction":"bearish","confidence":0.5},)"
  R"({"name":"volume","direction":"bearish","confidence":0.44}]}],)"
  R"("next_check_seconds":3600,"wake_conditions":[)"
  R"({"symbol":"AVAXUSDT","metric":"price","operator":"<","threshold":41.2},)"
  R"({"symbol":"NEARUSDT","metric":"zscore_volume","operator":">=","threshold":3},)"
  R"({"symbol":"FILUSDT","metric":"funding","operator":"<","threshold":-0.0002}],)"
  R"("memory_update":"Long AVAX from the 4h breakout at 41.6, stop under 41.2. NEAR flat: )"
  R"(range 3.38-4.12, wait for a 1h close outside it on volume. FIL: closed, trend broke down )"
  R"(after the 02-28 flush; re-enter only above 8.3 with funding back above zero. Learner )"
  R"(favours trend over momentum, keep names stable.",)"
  R"("reasoning":"AVAX broke out of its 4h range with volume 2x the day's mean and holds above )"
  R"(the breakout level; trend and momentum agree, so raise the position to 35%. NEAR is )"
  R"(mid-range with no volume confirmation and slightly negative funding, hold flat. FIL's )"
  R"(daily trend turned down after the 02-28 liquidation wick and the high-vol regime argues )"
  R"(against holding a weak position; close it. Next check after the next 1h close unless )"
  R"(price or volume wakes me first."}}],)"
  R"("stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3012,)"
  R"("cache_creation_input_tokens":0,"cache_read_input_tokens":2304,"output_tokens":412,)"
  R"("service_tier":"standard"}})";

// CPU time of the calling thread, in microseconds.
double cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// CPU microseconds since `start`, and restarts it.
double lap(double& start) {
  auto now = cpu_us();
  auto us = now - start;
  start = now;
  return us;
}

double wall_us_since(wall_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(wall_clock::now() - start).count();
}

struct spread {
  double median, min, max;
};

spread spread_of(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return {xs[xs.size() / 2], xs.front(), xs.back()};
}

// The stages of building one request, in order.
enum stage : size_t { snapshot_stage, system_stage, user_stage, hash_stage, body_stage, stages };
constexpr const char* stage_names[stages] = {"snapshot", "system prompt", "user prompt",
                                             "prompt hash", "request body"};

} // namespace

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  auto runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string data_dir = argc > 2 ? argv[2] : TN_SHARED_DATA;
  std::vector<test::symbol_history> histories;
  for (std::string s : {"AVAXUSDT", "NEARUSDT", "FILUSDT"})
    histories.push_back(
      test::load_history(data_dir + "/futures_um/klines_1m/" + s + "-1m-2024-02.csv", s));
  if (std::any_of(histories.begin(), histories.end(),
                  [](auto& h) { return h.series.back().size() < 24; })) {
    fmt::print(stderr, "fewer than 24 daily bars under {}\n", data_dir);
    return 1;
  }
  decision_limits limits;
  limits.symbols = {"AVAXUSDT", "NEARUSDT", "FILUSDT"};
  anthropic_request request;
  request.model = "claude-sonnet-4-5-20250929";
  request.schema = decision_schema(limits, schema_dialect::constrained);
  // From the first hour with 24 closed daily bars, hourly to the month's end.
  std::vector<timestamp> times;
  auto month_end = histories.front().minutes.back().open_time + 1min;
  auto daily = histories.front().series.back().range(timestamp{}, month_end); // d1 comes last
  for (auto t = daily[23].open_time + 24h; t < month_end; t += 1h)
    times.push_back(t);

  // 1. snapshot and prompts: per-stage CPU microseconds per decision, per run.
  auto per_decision = [&](double us) { return us / static_cast<double>(times.size()); };
  std::array<std::vector<double>, stages> stage_us;
  std::vector<double> build_cpu, build_wall;
  size_t user_bytes = 0;
  size_t body_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    std::array<double, stages> sums{};
    user_bytes = body_bytes = 0;
    auto wall_start = wall_clock::now();
    for (auto t : times) {
      auto start = cpu_us();
      auto snap = test::snapshot_at(histories, t, 24);
      test::add_context(snap);
      sums[snapshot_stage] += lap(start);
      request.system_prompt = system_prompt(limits, snap.safety, decision_tool_name);
      sums[system_stage] += lap(start);
      request.user_prompt = render_snapshot(snap);
      sums[user_stage] += lap(start);
      auto hash = prompt_hash("anthropic", request.model, request.system_prompt, request.schema,
                              request.user_prompt);
      sums[hash_stage] += lap(start);
      auto body = anthropic_request_body(request);
      sums[body_stage] += lap(start);
      if (hash.size() != 64) {
        fmt::print(stderr, "prompt_hash is not SHA-256 hex\n");
        return 1;
      }
      user_bytes += request.user_prompt.size();
      body_bytes += body.size();
    }
    build_wall.push_back(per_decision(wall_us_since(wall_start)));
    double total = 0;
    for (size_t k = 0; k < stages; ++k) {
      stage_us[k].push_back(per_decision(sums[k]));
      total += sums[k];
    }
    build_cpu.push_back(per_decision(total));
  }

  // 2. the answer: parse and validate, the same body every time.
  constexpr int answers = 2000;
  std::vector<double> parse_us, validate_us, answer_cpu, answer_wall;
  for (int r = 0; r < runs; ++r) {
    double parse_sum = 0, validate_sum = 0;
    auto wall_start = wall_clock::now();
    for (int i = 0; i < answers; ++i) {
      auto start = cpu_us();
      auto reply = parse_anthropic_response(response_body);
      parse_sum += lap(start);
      auto d = validate_decision(reply.input_json, limits);
      validate_sum += lap(start);
      if (reply.status != reply_status::ok || d.decisions.size() != 3
          || !d.validation.rejected.empty()) {
        fmt::print(stderr, "the benchmark's response does not validate\n");
        return 1;
      }
    }
    answer_wall.push_back(wall_us_since(wall_start) / answers);
    parse_us.push_back(parse_sum / answers);
    validate_us.push_back(validate_sum / answers);
    answer_cpu.push_back((parse_sum + validate_sum) / answers);
  }

  auto show = [&](const char* what, const std::vector<double>& cpu,
                  const std::vector<double>& wall) {
    auto c = spread_of(cpu);
    fmt::print("  {}: median {:.1f} us/decision CPU over {} runs (min {:.1f}, max {:.1f}); "
               "wall {:.1f}\n",
               what, c.median, runs, c.min, c.max, spread_of(wall).median);
  };
  fmt::print("decision engine overhead, model excluded: {} decisions (hourly, 2024-02-25..29) on "
             "3 futures symbols x {{1h,4h,1d}} x 24 bars; user prompt {:.1f} KB, request body "
             "{:.1f} KB on average\n",
             times.size(), static_cast<double>(user_bytes) / times.size() / 1024,
             static_cast<double>(body_bytes) / times.size() / 1024);
  show("snapshot + prompts + hash + body", build_cpu, build_wall);
  for (size_t k = 0; k < stages; ++k)
    fmt::print("    {:<14} {:.1f} us\n", stage_names[k], spread_of(stage_us[k]).median);
  show("parse + validate the answer", answer_cpu, answer_wall);
  fmt::print("    {:<14} {:.1f} us\n    {:<14} {:.1f} us\n", "parse", spread_of(parse_us).median,
             "validate", spread_of(validate_us).median);
  fmt::print("  total: {:.1f} us/decision CPU\n",
             spread_of(build_cpu).median + spread_of(answer_cpu).median);
}
