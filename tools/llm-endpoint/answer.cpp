#include "tools/llm-endpoint/answer.hpp"

#include "runtime/json/json_writer.hpp"

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

// The message's id, role and model: the start of a message and of a stream.
void message_head(json_writer& w, const request_shape& shape, uint64_t seq) {
  w.key("id").value(fmt::format("msg_llmendpoint{:012}", seq));
  w.key("type").value("message").key("role").value("assistant");
  w.key("model").value(shape.model);
}

void message_usage(json_writer& w, const step_usage& u, uint64_t output_tokens) {
  w.key("usage").begin_object();
  w.key("input_tokens").value(static_cast<int64_t>(u.input_tokens));
  w.key("cache_creation_input_tokens").value(static_cast<int64_t>(u.cache_creation_input_tokens));
  w.key("cache_read_input_tokens").value(static_cast<int64_t>(u.cache_read_input_tokens));
  w.key("output_tokens").value(static_cast<int64_t>(output_tokens));
  w.end_object();
}

bool refuses(const llm_step& step) {
  return step.stop_reason == "refusal";
}

std::string stop_reason_of(const llm_step& step) {
  return step.stop_reason.empty() ? "tool_use" : step.stop_reason;
}

// The one content block; a streamed tool_use starts with an empty input.
void content_block(json_writer& w, const llm_step& step, const request_shape& shape, uint64_t seq,
                   bool streamed) {
  w.begin_object();
  if (refuses(step)) {
    w.key("type").value("text").key("text").value(streamed ? "" : refusal_text);
  } else {
    w.key("type").value("tool_use");
    w.key("id").value(fmt::format("toolu_llmendpoint{:012}", seq));
    w.key("name").value(shape.tool_name);
    w.key("input").raw(streamed ? "{}" : step.decision_json);
  }
  w.end_object();
}

std::string anthropic_message(const llm_step& step, const request_shape& shape, uint64_t seq) {
  json_writer w;
  w.begin_object();
  message_head(w, shape, seq);
  w.key("content").begin_array();
  content_block(w, step, shape, seq, false);
  w.end_array();
  w.key("stop_reason").value(stop_reason_of(step));
  w.key("stop_sequence").null();
  message_usage(w, step.usage, step.usage.output_tokens);
  w.end_object();
  return w.take();
}

void sse_event(std::string& out, std::string_view type, std::string_view data) {
  out.append("event: ").append(type).append("\ndata: ").append(data).append("\n\n");
}

std::string block_delta(std::string_view kind, std::string_view field, std::string_view text) {
  json_writer w;
  w.begin_object().key("type").value("content_block_delta").key("index").value(0);
  w.key("delta").begin_object().key("type").value(kind).key(field).value(text).end_object();
  w.end_object();
  return w.take();
}

// The same message as the Messages API streams it with "stream": true:
// message_start, the block's start, deltas and stop, message_delta with the
// stop reason and output tokens, message_stop; a ping in between.
std::string anthropic_stream(const llm_step& step, const request_shape& shape, uint64_t seq) {
  std::string out;
  {
    json_writer w;
    w.begin_object().key("type").value("message_start").key("message").begin_object();
    message_head(w, shape, seq);
    w.key("content").begin_array().end_array();
    w.key("stop_reason").null().key("stop_sequence").null();
    message_usage(w, step.usage, 1);
    w.end_object().end_object();
    sse_event(out, "message_start", w.str());
  }
  {
    json_writer w;
    w.begin_object().key("type").value("content_block_start").key("index").value(0);
    w.key("content_block");
    content_block(w, step, shape, seq, true);
    w.end_object();
    sse_event(out, "content_block_start", w.str());
  }
  sse_event(out, "ping", R"({"type":"ping"})");
  if (refuses(step)) {
    sse_event(out, "content_block_delta", block_delta("text_delta", "text", refusal_text));
  } else {
    // Partial JSON arrives in pieces that are not JSON on their own.
    std::string_view input = step.decision_json;
    auto half = input.size() / 2;
    for (auto piece : {input.substr(0, half), input.substr(half)})
      sse_event(out, "content_block_delta",
                block_delta("input_json_delta", "partial_json", piece));
  }
  sse_event(out, "content_block_stop", R"({"type":"content_block_stop","index":0})");
  {
    json_writer w;
    w.begin_object().key("type").value("message_delta");
    w.key("delta").begin_object().key("stop_reason").value(stop_reason_of(step));
    w.key("stop_sequence").null().end_object();
    w.key("usage").begin_object();
    w.key("output_tokens").value(static_cast<int64_t>(step.usage.output_tokens));
    w.end_object().end_object();
    sse_event(out, "message_delta", w.str());
  }
  sse_event(out, "message_stop", R"({"type":"message_stop"})");
  return out;
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

llm_answer with_provider_headers(api which, int status, std::string body, uint64_t seq,
                                 const char* content_type = "application/json") {
  llm_answer out;
  out.status = status;
  out.headers.emplace_back("Content-Type", content_type);
  out.headers.emplace_back(which == api::anthropic ? "request-id" : "x-request-id",
                           request_id(seq));
  out.body = std::move(body);
  return out;
}

} // namespace

llm_answer render_answer(api which, const llm_step& step, const request_shape& shape,
                         uint64_t seq, int64_t created) {
  std::string body;
  bool streamed = false;
  switch (step.body) {
    case step_body::decision:
      streamed = which == api::anthropic && shape.stream;
      body = which == api::openai ? openai_completion(step, shape, seq, created)
             : streamed           ? anthropic_stream(step, shape, seq)
                                  : anthropic_message(step, shape, seq);
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
  auto out = with_provider_headers(which, step.status, std::move(body), seq,
                                   streamed ? "text/event-stream" : "application/json");
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
