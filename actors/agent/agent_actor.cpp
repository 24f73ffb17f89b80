#include "actors/agent/agent_actor.hpp"

#include "actors/agent/cost.hpp"
#include "actors/agent/decision_validate.hpp"
#include "runtime/json/json_read.hpp"
#include "actors/agent/model_backend.hpp"
#include "actors/agent/prompt_hash.hpp"
#include "messages/events.hpp"
#include "messages/model.hpp"
#include "runtime/error_text.hpp"
#include "runtime/external_calls.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace tn {

namespace {

struct pending_call {
  caf::typed_response_promise<agent_answer> rp;
  timestamp ts;
  std::string prompt_hash;
  size_t request_bytes = 0; // prompts and schema: the base of a usage estimate
};

/// How long the journal may take to tell the day's spend at start; it may
/// still be catching up with a large file.
constexpr auto restore_timeout = std::chrono::minutes{2};

struct agent_counters {
  uint64_t calls = 0;
  uint64_t ok = 0;
  uint64_t failed = 0;
  uint64_t rejected = 0;       // answers rejected as a whole
  uint64_t usage_estimated = 0; // billed calls without a readable usage
  uint64_t parts_rejected = 0; // per-symbol entries and wake conditions refused
  uint64_t budget_refusals = 0;
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  uint64_t unpriced = 0; // calls whose model has no price: booked as 0 USD
  uint64_t cache_hits = 0;   // answered from the journal (backtest cache)
  uint64_t cache_misses = 0; // not in the journal: the evaluator decided
};

struct agent_state {
  static inline const char* name = "agent";
  std::shared_ptr<model_backend> backend;
  decision_limits limits;
  std::string system_prompt;
  std::vector<model_price> prices;
  daily_budget budget;
  run_budget whole_run;
  bool subscription_in_budget = false;
  bool from_cache = false;
  bool restore_spend = true;
  std::shared_ptr<external_calls> external;
  event_log_actor log;
  journal_actor journal;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, pending_call> pending;
  agent_counters counters;
  timestamp last_ts;
};

using agent_ptr = agent_actor::stateful_pointer<agent_state>;

std::string usd(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}

/// What the call cost: the backend's own figure when it reports one (the
/// CLI), else the price table's.
double price_of(agent_ptr self, timestamp ts, const model_reply& reply, const std::string& model,
                const token_usage& usage) {
  if (reply.reported_cost_usd)
    return *reply.reported_cost_usd;
  if (auto cost = cost_usd(self->state.prices, model, usage))
    return *cost;
  if (usage.input_tokens + usage.output_tokens > 0 && self->state.counters.unpriced++ == 0)
    publish_event(self, ts, severity::warning,
                  "no price for model '" + model
                    + "': its calls are booked at 0 USD (agent.prices)");
  return 0;
}

/// The tokens to book for a call. An answer from the model is billed
/// whether or not it was usable; when its usage is missing, unreadable or
/// zero, the call is booked at an estimate from its size, never at 0.
token_usage billed_usage(agent_ptr self, const pending_call& call, const model_response& resp) {
  auto& reply = resp.reply;
  auto billed = reply.status == reply_status::ok || reply.status == reply_status::no_decision
                || reply.status == reply_status::malformed;
  auto counted = reply.usage.input_tokens + reply.usage.output_tokens > 0;
  if (!billed || reply.reported_cost_usd || (counted && reply.usage_problem.empty()))
    return reply.usage;
  auto answer_bytes = resp.raw.empty() ? reply.input_json.size() : resp.raw.size();
  // What did read stays when it is more than the estimate.
  auto usage = reply.usage;
  auto guess = estimated_usage(call.request_bytes, answer_bytes);
  usage.input_tokens = std::max(usage.input_tokens, guess.input_tokens);
  usage.output_tokens = std::max(usage.output_tokens, guess.output_tokens);
  ++self->state.counters.usage_estimated;
  publish_event(self, call.ts, severity::warning,
                self->state.backend->name() + ": "
                  + (reply.usage_problem.empty() ? std::string{"the answer reports no tokens"}
                                                 : reply.usage_problem)
                  + "; booked at an estimate of " + std::to_string(usage.input_tokens)
                  + " input and " + std::to_string(usage.output_tokens) + " output tokens");
  return usage;
}

/// Why a whole answer was rejected: its first issue, and how many more.
std::string rejection(const validation_report& v) {
  if (v.rejected.empty())
    return "invalid";
  auto out = v.rejected.front().path + ": " + v.rejected.front().reason;
  if (v.rejected.size() > 1)
    out += " (and " + std::to_string(v.rejected.size() - 1) + " more)";
  return out;
}

agent_answer settle(agent_ptr self, const pending_call& call, model_response& resp) {
  auto& st = self->state;
  agent_answer out;
  out.backend = st.backend->name();
  out.latency = resp.latency;
  out.attempts = resp.attempts;
  auto& reply = resp.reply;
  auto model = reply.model.empty() ? st.backend->model() : reply.model;
  if (reply.status == reply_status::not_cached) {
    // No call was made: nothing to validate, bill or count as a failure.
    ++st.counters.cache_misses;
    out.status = agent_status::not_cached;
    out.error = reply.error;
    out.result.ts = call.ts;
    out.result.model = model;
    out.result.prompt_hash = call.prompt_hash;
    return out;
  }
  if (st.from_cache)
    ++st.counters.cache_hits;
  if (reply.status == reply_status::ok) {
    out.result = validate_decision(reply.input_json, st.limits);
    auto& v = out.result.validation;
    st.counters.parts_rejected += v.rejected.size();
    out.status = v.whole_rejected ? agent_status::rejected : agent_status::ok;
    if (v.whole_rejected)
      out.error = rejection(v);
  } else {
    out.status = agent_status::failed;
    out.error = std::string{to_string(reply.status)} + ": " + reply.error;
  }
  auto& d = out.result;
  d.ts = call.ts;
  d.source = decision_source::model;
  d.model = model;
  d.prompt_hash = call.prompt_hash;
  d.usage = billed_usage(self, call, resp);
  d.cost_usd = price_of(self, call.ts, reply, model, d.usage);
  out.raw_response = std::move(resp.raw);
  st.counters.input_tokens += d.usage.input_tokens;
  st.counters.output_tokens += d.usage.output_tokens;
  // A subscription call's cost is notional: journaled, not spent.
  d.cost_in_budget = !reply.subscription || st.subscription_in_budget;
  if (d.cost_in_budget && st.budget.record(call.ts, d.cost_usd))
    publish_event(self, call.ts, severity::warning,
                  "daily model budget of " + usd(st.budget.limit()) + " USD is spent ("
                    + usd(st.budget.spent(call.ts)) + "); the evaluator decides until 00:00 UTC");
  if (st.whole_run.record(d.cost_usd))
    publish_event(self, call.ts, severity::warning,
                  "the backtest's model budget of " + usd(st.whole_run.limit()) + " USD is spent ("
                    + usd(st.whole_run.spent())
                    + "); the evaluator decides the rest of the run");
  switch (out.status) {
    case agent_status::ok: ++st.counters.ok; break;
    case agent_status::rejected: ++st.counters.rejected; break;
    default: ++st.counters.failed; break;
  }
  return out;
}

/// The day's spend survives a restart: the journal has every decision's
/// cost, failed calls included.
void restore_spend(agent_ptr self) {
  self->request(self->state.journal, restore_timeout, atom::spent_v)
    .then(
      [self](timestamp day, double usd_spent) {
        auto& st = self->state;
        if (usd_spent <= 0)
          return;
        auto spent = st.budget.restore(day, usd_spent);
        publish_event(self, day, spent ? severity::warning : severity::info,
                      "restored " + usd(usd_spent)
                        + " USD of model spend on this UTC day from the journal"
                        + (spent ? "; the daily budget is spent" : ""));
      },
      [self](caf::error& err) {
        publish_event(self, self->state.last_ts, severity::warning,
                      "cannot restore today's model spend from the journal ("
                        + error_text(err) + "); the budget counts from 0");
      });
}

caf::result<agent_answer> decide(agent_ptr self, agent_request& req) {
  auto& st = self->state;
  st.last_ts = req.ts;
  agent_answer refused;
  if (!st.backend) {
    refused.status = agent_status::no_backend;
    refused.error = "no model backend is configured";
    return refused;
  }
  refused.backend = st.backend->name();
  if (!st.budget.allows(req.ts)) {
    ++st.counters.budget_refusals;
    refused.status = agent_status::budget_exhausted;
    refused.error = "daily budget of " + usd(st.budget.limit()) + " USD is spent";
    return refused;
  }
  if (!st.whole_run.allows()) {
    ++st.counters.budget_refusals;
    refused.status = agent_status::budget_exhausted;
    refused.error = "the backtest's model budget of " + usd(st.whole_run.limit()) + " USD is spent";
    return refused;
  }
  if (req.reauthenticate) {
    if (auto why = st.backend->reauthenticate(); !why.empty()) {
      ++st.counters.failed;
      refused.status = agent_status::failed;
      refused.error = "re-authentication failed: " + why;
      return refused;
    }
    publish_event(self, req.ts, severity::info, st.backend->name() + ": re-authenticated");
  }
  auto id = st.next_id++;
  ++st.counters.calls;
  auto& call = st.pending[id];
  call.rp = self->make_response_promise<agent_answer>();
  call.ts = req.ts;
  call.prompt_hash = prompt_hash(st.backend->name(), st.backend->model(), st.system_prompt,
                                 st.backend->schema(), req.user_prompt);
  call.request_bytes =
    st.system_prompt.size() + st.backend->schema().size() + req.user_prompt.size();
  // The backend answers on its own thread: hand the result over as a
  // message; in a backtest through the driver's thread (external_calls).
  auto hdl = caf::actor_cast<agent_actor>(self);
  model_call question{st.system_prompt, std::move(req.user_prompt), req.ts};
  if (auto external = st.external) {
    external->begin();
    st.backend->call(std::move(question), [external, hdl, id](model_response resp) {
      external->complete([hdl, id, resp = std::move(resp)]() mutable {
        caf::anon_send(hdl, atom::reply_v, id, std::move(resp));
      });
    });
  } else {
    st.backend->call(std::move(question), [hdl, id](model_response resp) {
      caf::anon_send(hdl, atom::reply_v, id, std::move(resp));
    });
  }
  return call.rp;
}

status_report report(agent_ptr self) {
  auto& st = self->state;
  auto& c = st.counters;
  auto r = counters_report(agent_state::name, {{"calls", c.calls},
                                               {"ok", c.ok},
                                               {"failed", c.failed},
                                               {"rejected", c.rejected},
                                               {"usage_estimated", c.usage_estimated},
                                               {"parts_rejected", c.parts_rejected},
                                               {"budget_refusals", c.budget_refusals},
                                               {"in_flight", st.pending.size()},
                                               {"input_tokens", c.input_tokens},
                                               {"output_tokens", c.output_tokens}});
  if (st.from_cache)
    add_counters(r, {{"cache_hits", c.cache_hits}, {"cache_misses", c.cache_misses}});
  r.facts["backend"] = st.backend ? st.backend->name() : "none";
  if (st.backend)
    r.facts["model"] = st.backend->model();
  r.facts["spent_today_usd"] = usd(st.budget.spent(st.last_ts));
  r.facts["daily_budget_usd"] = usd(st.budget.limit());
  if (std::isfinite(st.whole_run.limit())) {
    r.facts["run_spent_usd"] = usd(st.whole_run.spent());
    r.facts["run_budget_usd"] = usd(st.whole_run.limit());
  }
  return r;
}

agent_actor::behavior_type agent_behavior(agent_ptr self, agent_setup setup) {
  auto& st = self->state;
  st.backend = std::move(setup.backend);
  st.limits = std::move(setup.limits);
  st.system_prompt = std::move(setup.system_prompt);
  st.prices = std::move(setup.prices);
  st.budget = daily_budget{setup.daily_budget_usd};
  st.subscription_in_budget = setup.subscription_in_budget;
  st.whole_run = run_budget{setup.run_budget_usd};
  st.from_cache = setup.from_cache;
  st.restore_spend = setup.restore_spend;
  st.external = std::move(setup.external);
  return {
    [self](atom::decide, agent_request& req) { return decide(self, req); },
    [self](atom::reply, uint64_t id, model_response& resp) {
      auto& pending = self->state.pending;
      auto i = pending.find(id);
      if (i == pending.end())
        return;
      auto call = std::move(i->second);
      pending.erase(i);
      auto answer = settle(self, call, resp);
      if (answer.status == agent_status::failed || answer.status == agent_status::rejected)
        publish_event(self, call.ts, severity::warning,
                      answer.backend
                        + (answer.status == agent_status::failed ? " call failed: "
                                                                 : " answer rejected: ")
                        + json_read::for_log(answer.error));
      call.rp.deliver(std::move(answer));
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "event_log")
        st.log = caf::actor_cast<event_log_actor>(hdl);
      if (name == "journal" && !st.journal && hdl) {
        // Read once at start; the agent writes nothing to the journal.
        st.journal = caf::actor_cast<journal_actor>(hdl);
        if (st.restore_spend)
          restore_spend(self);
      }
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

agent_actor spawn_agent(caf::actor_system& sys, agent_setup setup) {
  return sys.spawn(agent_behavior, std::move(setup));
}

std::string model_cache_summary(const status_report& agent) {
  auto hits = agent.counters.find("cache_hits");
  auto misses = agent.counters.find("cache_misses");
  if (hits == agent.counters.end() || misses == agent.counters.end())
    return {};
  auto total = hits->second + misses->second;
  return "model cache: " + std::to_string(hits->second) + " of " + std::to_string(total)
         + " prompts answered from the journal, " + std::to_string(misses->second)
         + " missed (the evaluator decided those)";
}

} // namespace tn
