#include "tools/llm-endpoint/answer.hpp"

#include "actors/agent/json_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tn::llm {

namespace {

constexpr const char* refusal_text = "I can't help with that.";

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
              return std::tolower(static_cast<unsigned char>(x))
                     == std::tolower(static_cast<unsigned char>(y));
            });
}

std::string request_id(uint64_t seq) {
  return fmt::format("req_llmendpoint{:012}", seq);
}

std::string anthropic_error_body(std::string_view type, std::string_view message, uint64_t seq) {
  json_writer w;
  w.begin_object().key("type").value("error");
  w.key("error").begin_object().key("type").value(type).key("message").value(message).end_object();
  w.key("request_id").value(request_id(seq));
  w.end_object();
  return w.take();
}

std::string openai_error_body(std::string_view type, std::string_view message) {
  json_writer w;
  w.begin_object().key("error").begin_object();
  w.key("message").value(message).key("type").value(type);
  w.key("param").null().key("code").null();
  w.end_object().end_object();
  return w.take();
}

std::string anthropic_message(const llm_step& step, const request_shape& shape, uint64_t seq) {
  json_writer w;
  w.begin_object();
  w.key("id").value(fmt::format("msg_llmendpoint{:012}", seq));
  w.key("type").value("message").key("role").value("assistant");
  w.key("model").value(shape.model);
  w.key("content").begin_array().begin_object();
  if (step.stop_reason == "refusal") {
    w.key("type").value("text").key("text").value(refusal_text);
  } else {
    w.key("type").value("tool_use");
    w.key("id").value(fmt::format("toolu_llmendpoint{:012}", seq));
    w.key("name").value(shape.tool_name);
    w.key("input").raw(step.decision_json);
  }
  w.end_object().end_array();
  w.key("stop_reason").value(step.stop_reason.empty() ? "tool_use" : step.stop_reason);
  w.key("stop_sequence").null();
  const auto& u = step.usage;
  w.key("usage").begin_object();
  w.key("input_tokens").value(static_cast<int64_t>(u.input_tokens));
  w.key("cache_creation_input_tokens").value(static_cast<int64_t>(u.cache_creation_input_tokens));
  w.key("cache_read_input_tokens").value(static_cast<int64_t>(u.cache_read_input_tokens));
  w.key("output_tokens").value(static_cast<int64_t>(u.output_tokens));
  w.end_object();
  w.end_object();
  return w.take();
}

void openai_message(json_writer& w, const llm_step& step, const request_shape& shape,
                    uint64_t seq) {
  w.begin_object().key("role").value("assistant");
  if (step.stop_reason == "refusal") {
    w.key("content").null().key("refusal").value(refusal_text);
  } else if (shape.tool_call) {
    w.key("content").null();
    w.key("tool_calls").begin_array().begin_object();
    w.key("id").value(fmt::format("call_llmendpoint{:012}", seq)).key("type").value("function");
    w.key("function").begin_object();
    w.key("name").value(shape.tool_name).key("arguments").value(step.decision_json);
    w.end_object().end_object().end_array();
    w.key("refusal").null();
  } else {
    w.key("content").value(step.decision_json).key("refusal").null();
  }
  w.end_object();
}

std::string openai_finish_reason(const llm_step& step, const request_shape& shape) {
  if (!step.stop_reason.empty() && step.stop_reason != "refusal")
    return step.stop_reason;
  return shape.tool_call && !shape.forced_tool && step.stop_reason.empty() ? "tool_calls" : "stop";
}

std::string openai_completion(const llm_step& step, const request_shape& shape, uint64_t seq,
                              int64_t created) {
  json_writer w;
  w.begin_object();
  w.key("id").value(fmt::format("chatcmpl-llmendpoint{:012}", seq));
  w.key("object").value("chat.completion").key("created").value(created);
  w.key("model").value(shape.model);
  w.key("choices").begin_array().begin_object().key("index").value(0);
  w.key("message");
  openai_message(w, step, shape, seq);
  w.key("logprobs").null();
  w.key("finish_reason").value(openai_finish_reason(step, shape));
  w.end_object().end_array();
  const auto& u = step.usage;
  auto prompt = static_cast<int64_t>(u.input_tokens + u.cache_read_input_tokens);
  auto completion = static_cast<int64_t>(u.output_tokens);
  w.key("usage").begin_object();
  w.key("prompt_tokens").value(prompt).key("completion_tokens").value(completion);
  w.key("total_tokens").value(prompt + completion);
  w.key("prompt_tokens_details").begin_object();
  w.key("cached_tokens").value(static_cast<int64_t>(u.cache_read_input_tokens));
  w.end_object().end_object();
  w.end_object();
  return w.take();
}

llm_answer with_provider_headers(api which, int status, std::string body, uint64_t seq) {
  llm_answer out;
  out.status = status;
  out.headers.emplace_back("Content-Type", "application/json");
  out.headers.emplace_back(which == api::anthropic ? "request-id" : "x-request-id",
                           request_id(seq));
  out.body = std::move(body);
  return out;
}

} // namespace

llm_answer render_answer(api which, const llm_step& step, const request_shape& shape,
                         uint64_t seq, int64_t created) {
  std::string body;
  switch (step.body) {
    case step_body::decision:
      body = which == api::anthropic ? anthropic_message(step, shape, seq)
                                     : openai_completion(step, shape, seq, created);
      break;
    case step_body::raw:
      body = step.raw;
      break;
    case step_body::error:
      body = which == api::anthropic
               ? anthropic_error_body(step.error_type, step.error_message, seq)
               : openai_error_body(step.error_type, step.error_message);
      break;
  }
  if (step.truncate_at && *step.truncate_at < body.size())
    body.resize(*step.truncate_at);
  auto out = with_provider_headers(which, step.status, std::move(body), seq);
  for (const auto& [name, value] : step.headers) { // a scripted header replaces ours
    auto same = [&name = name](const auto& h) { return iequals(h.first, name); };
    out.headers.erase(std::remove_if(out.headers.begin(), out.headers.end(), same),
                      out.headers.end());
    out.headers.emplace_back(name, value);
  }
  return out;
}

llm_answer render_refusal(api which, const refusal& why, uint64_t seq) {
  auto body = which == api::anthropic ? anthropic_error_body(why.type, why.message, seq)
                                      : openai_error_body(why.type, why.message);
  return with_provider_headers(which, why.status, std::move(body), seq);
}

} // namespace tn::llm
