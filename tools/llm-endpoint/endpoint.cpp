#include "tools/llm-endpoint/endpoint.hpp"

#include "runtime/json/json_writer.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "tools/llm-endpoint/answer.hpp"

#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>

namespace tn::llm {

namespace {

net::http_response to_response(llm_answer a) {
  return {static_cast<unsigned>(a.status), std::move(a.headers), std::move(a.body)};
}

net::http_response json_response(unsigned status, std::string body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

std::optional<api> api_of(std::string_view path) {
  if (path == "/v1/messages")
    return api::anthropic;
  if (path == "/v1/chat/completions")
    return api::openai;
  return std::nullopt;
}

int64_t unix_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

struct llm_endpoint::state {
  explicit state(endpoint_options opts)
    : api_key(std::move(opts.api_key)), log(opts.log),
      queue(opts.script.begin(), opts.script.end()) {
  }

  mutable std::mutex mutex;
  std::string api_key;
  bool log;
  std::deque<llm_step> queue; // the front step's repeat counts down
  std::vector<recorded_request> records;
  uint64_t next_seq = 1;
  const std::chrono::steady_clock::time_point epoch = std::chrono::steady_clock::now();

  /// The next scripted step, or the default HOLD. Requires the lock.
  llm_step take_step() {
    if (queue.empty())
      return default_step();
    auto step = queue.front();
    if (--queue.front().repeat == 0)
      queue.pop_front();
    return step;
  }

  size_t pending() const {
    size_t n = 0;
    for (const auto& s : queue)
      n += static_cast<size_t>(s.repeat);
    return n;
  }

  /// Answers a model request and records it; `delay_ms` is the step's wait.
  llm_answer answer(const net::http_request& req, int64_t& delay_ms) {
    auto path = std::string_view{req.target}.substr(0, req.target.find('?'));
    auto which = api_of(path);
    std::lock_guard<std::mutex> guard{mutex};
    auto seq = next_seq++;
    llm_answer out;
    request_shape shape;
    if (!which) {
      out = render_refusal(api::anthropic, {404, "not_found_error", "Not found"}, seq);
    } else if (req.method != "POST") {
      out = render_refusal(*which, {405, "invalid_request_error", "Method not allowed"}, seq);
    } else if (auto why = check_request(*which, req, api_key, shape)) {
      out = render_refusal(*which, *why, seq);
    } else {
      auto step = take_step();
      delay_ms = step.delay_ms;
      out = render_answer(*which, step, shape, seq, unix_seconds());
    }
    records.push_back({seq, std::chrono::steady_clock::now(), req.method, req.target,
                       redact(req.headers), req.body, req.connection, out.status});
    if (log)
      std::fprintf(stderr, "llm-endpoint: #%llu %s %s -> %d (%zu step(s) left)\n",
                   static_cast<unsigned long long>(seq), req.method.c_str(), req.target.c_str(),
                   out.status, pending());
    return out;
  }

  net::http_response control(const net::http_request& req) {
    std::lock_guard<std::mutex> guard{mutex};
    if (req.target == "/_requests" && req.method == "GET")
      return json_response(200, records_json(records, epoch));
    if (req.target == "/_reset" && req.method == "POST") {
      queue.clear();
      records.clear();
      return json_response(200, "{}");
    }
    if (req.target == "/_script" && req.method == "POST") {
      std::vector<llm_step> steps;
      std::string error;
      if (!parse_step_array(req.body, steps, error)) {
        json_writer w;
        w.begin_object().key("error").value(error).end_object();
        return json_response(400, w.take());
      }
      queue.insert(queue.end(), steps.begin(), steps.end());
      json_writer w;
      w.begin_object().key("queued").value(static_cast<int64_t>(pending())).end_object();
      return json_response(200, w.take());
    }
    return json_response(404, R"({"error":"unknown control request"})");
  }
};

llm_endpoint::llm_endpoint(net::io_thread& io, endpoint_options opts)
  : io_(io), host_(opts.host), port_(opts.port), cert_file_(opts.cert_file),
    key_file_(opts.key_file), state_(std::make_shared<state>(std::move(opts))) {
}

llm_endpoint::~llm_endpoint() {
  stop();
}

bool llm_endpoint::start(std::string& error) {
  net::server_handlers h;
  h.on_http = [st = state_, &io = io_](const net::http_request& req,
                                       std::function<void(net::http_response)> respond) {
    if (req.target.rfind("/_", 0) == 0)
      return respond(st->control(req));
    // Claude Code probes the base URL with a HEAD first; an answer to HEAD
    // has no body, or the client reads it as the next response.
    if (req.method == "HEAD")
      return respond({404, {}, {}});
    int64_t delay_ms = 0;
    auto res = to_response(st->answer(req, delay_ms));
    if (delay_ms <= 0)
      return respond(std::move(res));
    io.after(std::chrono::milliseconds{delay_ms},
             [respond = std::move(respond), res = std::move(res)]() mutable {
               respond(std::move(res));
             });
  };
  net::tls_server_options tls{cert_file_, key_file_};
  server_ = net::server::listen(io_, host_, port_, tls_enabled() ? &tls : nullptr, std::move(h),
                                error);
  return server_ != nullptr;
}

bool llm_endpoint::tls_enabled() const {
  return !cert_file_.empty() || !key_file_.empty();
}

uint16_t llm_endpoint::port() const {
  return server_ ? server_->port() : 0;
}

std::string llm_endpoint::origin() const {
  return (tls_enabled() ? "https://" : "http://") + host_ + ":" + std::to_string(port());
}

void llm_endpoint::stop() {
  if (server_)
    server_->stop();
}

void llm_endpoint::push(std::vector<llm_step> steps) {
  std::lock_guard<std::mutex> guard{state_->mutex};
  state_->queue.insert(state_->queue.end(), steps.begin(), steps.end());
}

void llm_endpoint::push(llm_step step) {
  push(std::vector<llm_step>{std::move(step)});
}

void llm_endpoint::set_api_key(std::string key) {
  std::lock_guard<std::mutex> guard{state_->mutex};
  state_->api_key = std::move(key);
}

void llm_endpoint::reset() {
  std::lock_guard<std::mutex> guard{state_->mutex};
  state_->queue.clear();
  state_->records.clear();
}

std::vector<recorded_request> llm_endpoint::requests() const {
  std::lock_guard<std::mutex> guard{state_->mutex};
  return state_->records;
}

size_t llm_endpoint::pending_steps() const {
  std::lock_guard<std::mutex> guard{state_->mutex};
  return state_->pending();
}

} // namespace tn::llm
