#include "actors/agent/cache_backend.hpp"

#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/claude_cli_wire.hpp"
#include "actors/agent/http_backend.hpp"
#include "actors/agent/openai_wire.hpp"
#include "actors/agent/prompt_hash.hpp"

namespace tn {

namespace {

model_reply parse_cli(std::string_view raw, std::string_view) {
  return parse_claude_cli_output(raw);
}

model_response not_cached(std::string why) {
  model_response out;
  out.reply.status = reply_status::not_cached;
  out.reply.error = std::move(why);
  return out;
}

} // namespace

cached_backend_identity cached_identity(agent_backend backend, const std::string& model,
                                        const decision_limits& limits) {
  cached_backend_identity id;
  id.name = to_string(backend);
  id.model = model;
  id.tool_name = decision_tool_name;
  switch (backend) {
    case agent_backend::none:
    case agent_backend::anthropic:
      if (id.model.empty())
        id.model = anthropic_default_model;
      id.schema = decision_schema(limits, schema_dialect::constrained);
      id.parse = parse_anthropic_response;
      break;
    case agent_backend::openai:
      id.schema = decision_schema(limits, schema_dialect::full);
      id.parse = parse_openai_response;
      break;
    case agent_backend::claude_cli:
      id.schema = decision_schema(limits, schema_dialect::constrained);
      id.tool_name = cli_tool_name;
      id.parse = parse_cli;
      break;
  }
  return id;
}

cache_backend::cache_backend(cached_backend_identity id,
                             std::shared_ptr<const journaled_answers> answers)
  : id_(std::move(id)), answers_(std::move(answers)) {
}

std::string cache_backend::name() const {
  return id_.name;
}

std::string cache_backend::model() const {
  return id_.model;
}

const std::string& cache_backend::schema() const {
  return id_.schema;
}

std::string cache_backend::tool_name() const {
  return id_.tool_name;
}

std::string cache_backend::reauthenticate() {
  return {};
}

model_response cache_backend::answer(const model_call& req) const {
  auto hash = prompt_hash(id_.name, id_.model, req.system_prompt, id_.schema, req.user_prompt);
  auto i = answers_->find(hash);
  if (i == answers_->end())
    return not_cached("no journaled answer for prompt " + hash.substr(0, 12));
  model_response out;
  out.reply = id_.parse(i->second.raw_response, id_.tool_name);
  // An answer this build's parser no longer reads as one is no answer.
  if (out.reply.status != reply_status::ok)
    return not_cached("the journaled answer for prompt " + hash.substr(0, 12)
                      + " does not read as a decision (" + to_string(out.reply.status) + ": "
                      + out.reply.error + ")");
  // Nothing was called: no tokens, no cost, no time.
  out.reply.usage = {};
  out.reply.usage_problem.clear();
  out.reply.reported_cost_usd = 0.0;
  out.reply.subscription = false;
  out.raw = i->second.raw_response;
  return out;
}

void cache_backend::call(model_call req, std::function<void(model_response)> done) {
  done(answer(req));
}

} // namespace tn
