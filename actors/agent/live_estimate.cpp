#include "actors/agent/live_estimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>

namespace tn {

namespace {

constexpr int64_t ns_per_day = int64_t{86'400} * 1'000'000'000;

int64_t utc_day(timestamp t) {
  auto ns = t.time_since_epoch().count();
  return ns >= 0 ? ns / ns_per_day : -((-ns + ns_per_day - 1) / ns_per_day);
}

std::string dollars(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.2f", x);
  return buf;
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

} // namespace

live_estimate estimate_live_calls(const live_estimate_input& in) {
  live_estimate e;
  e.backend = in.backend;
  e.model = in.model;
  e.budget_usd = in.budget_usd;
  if (in.to > in.from) {
    auto last = in.to - timespan{1};
    auto days = static_cast<uint64_t>(utc_day(last) - utc_day(in.from) + 1);
    e.max_calls = days * in.max_decisions_per_day;
    if (in.max_check.count() > 0)
      e.min_calls = std::min<uint64_t>(
        static_cast<uint64_t>((in.to - in.from) / in.max_check), e.max_calls);
  }
  e.per_call = estimated_usage(in.request_bytes, 0);
  e.per_call.output_tokens = in.max_tokens;
  if (auto usd = cost_usd(in.prices, in.model, e.per_call)) {
    e.usd_per_call = *usd;
    e.max_usd = *usd * static_cast<double>(e.max_calls);
  }
  return e;
}

std::vector<std::string> describe(const live_estimate& e) {
  std::vector<std::string> lines;
  auto model = e.model.empty() ? std::string{"its default model"} : e.model;
  lines.push_back("this backtest calls the model (agent.backtest: live): " + e.backend + ", "
                  + model);
  lines.push_back("calls: at most " + std::to_string(e.max_calls)
                  + " (the gate's daily cap over the period), at least "
                  + std::to_string(e.min_calls) + " (one per gate.max_check)");
  if (e.usd_per_call) {
    lines.push_back("cost: at most " + dollars(*e.usd_per_call) + " per call ("
                    + std::to_string(e.per_call.input_tokens) + " input, "
                    + std::to_string(e.per_call.output_tokens) + " output tokens), at most "
                    + dollars(*e.max_usd) + " in all");
  } else {
    lines.push_back("cost: unknown, agent.prices has no price for " + model);
  }
  lines.push_back("budget for the whole run: " + dollars(e.budget_usd)
                  + " (agent.backtest_budget_usd); once spent, the evaluator decides the rest");
  return lines;
}

confirm_terminal this_terminal(bool yes) {
  confirm_terminal t;
  t.yes = yes;
  t.interactive = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
  auto ci = std::getenv("CI");
  t.ci = ci != nullptr && *ci != '\0';
  return t;
}

bool confirm_live_backtest(const live_estimate& e, const confirm_terminal& t, std::istream& in,
                           std::ostream& out, std::string& why) {
  for (auto& line : describe(e))
    out << line << '\n';
  if (t.yes)
    return true;
  if (!t.interactive || t.ci) {
    why = std::string{"a live backtest calls the model and costs money; "}
          + (t.ci ? "in CI" : "without a terminal")
          + " nobody can confirm it: pass --yes to go on, or set agent.backtest to cache or off";
    return false;
  }
  out << "Call the model for this backtest? [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(in, answer)) {
    why = "no answer: the backtest did not call the model";
    return false;
  }
  auto a = lower(trimmed(answer));
  if (a == "y" || a == "yes")
    return true;
  why = "declined: the backtest did not call the model";
  return false;
}

} // namespace tn
