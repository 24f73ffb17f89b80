#include "actors/agent/http_backend.hpp"

#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/openai_wire.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <random>

namespace tn {

namespace {

using steady = std::chrono::steady_clock;

/// What differs between the providers.
struct wire {
  std::string name;
  std::string key_env;
  bool key_required = false;
  std::string schema;
  std::function<std::string(const model_call&)> body;
  std::function<net::header_list(const std::string& key)> headers;
  model_reply (*parse)(std::string_view body, std::string_view tool_name) = nullptr;
};

/// The backend's state, shared with the calls in flight so that they can
/// outlive the backend object.
struct backend_core {
  backend_core(net::io_thread& io, http_backend_settings cfg, wire w, net::url origin,
               std::string target)
    : io(io), cfg(std::move(cfg)), w(std::move(w)), origin(std::move(origin)),
      target(std::move(target)), rng(std::random_device{}()) {
  }

  net::io_thread& io;
  const http_backend_settings cfg;
  const wire w;
  const net::url origin;
  const std::string target; // the API path on the origin

  std::mutex mutex;
  std::string key;                          // guarded
  std::shared_ptr<net::http_client> client; // guarded; null once closed
  std::mt19937_64 rng;                      // guarded

  /// Reads the key and replaces the client (a new connection for the next
  /// request; an attempt in flight on the old one fails with "closed" and
  /// is retried). "" or why the backend cannot work.
  std::string reauthenticate() {
    auto fresh = w.key_env.empty() ? std::string{} : cfg.getenv(w.key_env);
    auto c = net::http_client::make(io, origin, net::tls_client_options{cfg.ca_file});
    std::lock_guard<std::mutex> guard{mutex};
    key = std::move(fresh);
    client = std::move(c);
    return missing_key();
  }

  /// Why a call cannot be made without sending it ("" if it can). Requires the lock.
  std::string missing_key() const {
    return w.key_required && key.empty() ? w.key_env + " is not set" : std::string{};
  }

  void close() {
    std::shared_ptr<net::http_client> c;
    {
      std::lock_guard<std::mutex> guard{mutex};
      c = std::move(client);
    }
    if (c)
      c->close();
  }
};

std::optional<std::string> optional_header(const net::http_response& res, std::string_view name) {
  for (const auto& [n, v] : res.headers)
    if (n.size() == name.size()
        && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           }))
      return v;
  return std::nullopt;
}

/// A non-2xx answer is an API error even when its body says otherwise.
void as_http_failure(model_reply& r, unsigned status) {
  if (r.status == reply_status::api_error)
    return;
  r.status = reply_status::api_error;
  r.error_type = fmt::format("http_{}", status);
  r.error = fmt::format("HTTP {}: {}", status, r.error.empty() ? "no error object" : r.error);
}

/// One call: its attempts, the waits between them and the single `done`.
class call_run : public std::enable_shared_from_this<call_run> {
public:
  call_run(std::shared_ptr<backend_core> core, model_call req,
           std::function<void(model_response)> done)
    : core_(std::move(core)), req_(std::move(req)), done_(std::move(done)),
      body_(core_->w.body(req_)), start_(steady::now()) {
  }

  void start() {
    std::string why;
    {
      std::lock_guard<std::mutex> guard{core_->mutex};
      why = core_->missing_key();
    }
    if (why.empty())
      return attempt();
    out_.reply.status = reply_status::api_error;
    out_.reply.error_type = "authentication_error";
    out_.reply.error = std::move(why);
    core_->io.post([self = shared_from_this()] { self->finish(); });
  }

private:
  void attempt() {
    std::shared_ptr<net::http_client> client;
    net::http_request req;
    {
      std::lock_guard<std::mutex> guard{core_->mutex};
      client = core_->client;
      req.headers = core_->w.headers(core_->key);
    }
    if (!client) {
      out_.retry_log.push_back("backend closed: retry abandoned");
      return finish();
    }
    req.method = "POST";
    req.target = core_->target;
    req.body = body_;
    client->request(std::move(req), core_->cfg.timeout,
                    [self = shared_from_this()](net::http_result r) { self->on_result(std::move(r)); });
  }

  void on_result(net::http_result r) {
    ++out_.attempts;
    attempt_outcome outcome;
    if (!r.ok()) {
      out_.http_status = 0;
      out_.raw.clear();
      out_.reply = model_reply{};
      out_.reply.status = reply_status::unavailable;
      out_.reply.error = fmt::format("POST {}{}: {}", core_->origin.origin(), core_->target, r.error);
      // The provider may have run (and billed) the call: resending it blindly
      // could pay twice for one decision, so it counts as a failed call.
      if (r.outcome_unknown)
        return finish();
    } else {
      auto& res = r.response;
      out_.http_status = static_cast<int>(res.status);
      out_.reply = core_->w.parse(res.body, decision_tool_name);
      out_.raw = std::move(res.body);
      if (res.status / 100 == 2)
        return finish(); // an answer, good or bad, is not resent
      as_http_failure(out_.reply, res.status);
      outcome.status = out_.http_status;
      outcome.retry_after_ms = optional_header(res, "retry-after-ms");
      outcome.retry_after = optional_header(res, "retry-after");
      outcome.should_retry = optional_header(res, "x-should-retry");
    }
    retry_decision next;
    {
      std::lock_guard<std::mutex> guard{core_->mutex};
      if (!core_->client)
        return finish(); // the backend is gone: nobody waits for a retry
      next = decide_retry(core_->cfg.retry, retries_, outcome, req_.ts, core_->rng);
    }
    if (!next.retry)
      return finish();
    out_.retry_log.push_back(std::move(next.why));
    ++retries_;
    core_->io.after(next.delay, [self = shared_from_this()] { self->attempt(); });
  }

  void finish() {
    out_.latency = std::chrono::duration_cast<timespan>(steady::now() - start_);
    auto done = std::move(done_);
    done(std::move(out_));
  }

  std::shared_ptr<backend_core> core_;
  model_call req_;
  std::function<void(model_response)> done_;
  std::string body_;
  steady::time_point start_;
  int retries_ = 0;
  model_response out_;
};

class http_backend final : public model_backend {
public:
  explicit http_backend(std::shared_ptr<backend_core> core) : core_(std::move(core)) {
  }

  ~http_backend() override {
    core_->close();
  }

  std::string name() const override {
    return core_->w.name;
  }

  std::string model() const override {
    return core_->cfg.model;
  }

  const std::string& schema() const override {
    return core_->w.schema;
  }

  std::string reauthenticate() override {
    return core_->reauthenticate();
  }

  void call(model_call req, std::function<void(model_response)> done) override {
    std::make_shared<call_run>(core_, std::move(req), std::move(done))->start();
  }

private:
  std::shared_ptr<backend_core> core_;
};

std::optional<double> temperature_of(const http_backend_settings& s) {
  if (std::isnan(s.temperature))
    return std::nullopt;
  return s.temperature;
}

std::string check_settings(const http_backend_settings& s) {
  if (auto why = check(s.limits); !why.empty())
    return "decision limits: " + why;
  if (auto why = check(s.retry); !why.empty())
    return "retry: " + why;
  if (s.timeout <= timespan{})
    return "timeout must be positive";
  if (s.max_tokens <= 0)
    return "max_tokens must be positive";
  if (!std::isnan(s.temperature) && !(s.temperature >= 0 && std::isfinite(s.temperature)))
    return "temperature must be a number >= 0";
  if (s.cache_ttl != "" && s.cache_ttl != "5m" && s.cache_ttl != "1h")
    return "cache_ttl must be 5m or 1h";
  if (!s.getenv)
    return "no environment lookup";
  return {};
}

/// The API's origin and the request target: `api_path` (/v1/...) under the
/// base URL's path, without doubling a trailing /v1.
bool resolve(const std::string& base_url, std::string_view api_path, net::url& origin,
             std::string& target, std::string& error) {
  if (!net::parse_url(base_url, origin, error))
    return false;
  if (origin.scheme != "http" && origin.scheme != "https") {
    error = "base_url must be http or https: " + base_url;
    return false;
  }
  std::string base = origin.target;
  if (base.find('?') != std::string::npos) {
    error = "base_url must not have a query: " + base_url;
    return false;
  }
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  constexpr std::string_view v1 = "/v1";
  if (base.size() >= v1.size() && base.compare(base.size() - v1.size(), v1.size(), v1) == 0)
    api_path.remove_prefix(v1.size());
  target = base + std::string{api_path};
  return true;
}

/// A provider's request with the fields every call shares taken from the
/// settings; the prompts are left for body_per_call.
template <class Request>
Request request_template(const http_backend_settings& s, const std::string& schema) {
  Request r;
  r.model = s.model;
  r.max_tokens = s.max_tokens;
  r.schema = schema;
  r.temperature = temperature_of(s);
  return r;
}

/// Each call's body: `tmpl` with the call's prompts, rendered by `render`.
template <class Request>
std::function<std::string(const model_call&)>
body_per_call(Request tmpl, std::string (*render)(const Request&)) {
  return [tmpl = std::move(tmpl), render](const model_call& c) {
    auto req = tmpl;
    req.system_prompt = c.system_prompt;
    req.user_prompt = c.user_prompt;
    return render(req);
  };
}

wire anthropic_wire(const http_backend_settings& s) {
  wire w;
  w.name = "anthropic";
  w.key_env = s.api_key_env.empty() ? "ANTHROPIC_API_KEY" : s.api_key_env;
  w.key_required = true;
  w.schema = decision_schema(s.limits, schema_dialect::constrained);
  auto tmpl = request_template<anthropic_request>(s, w.schema);
  tmpl.cache_ttl = s.cache_ttl == "1h" ? "1h" : ""; // 5m is the API's default
  w.body = body_per_call(std::move(tmpl), anthropic_request_body);
  w.headers = [](const std::string& key) {
    return net::header_list{{"x-api-key", key},
                            {"anthropic-version", anthropic_version},
                            {"content-type", "application/json"},
                            {"accept", "application/json"}};
  };
  w.parse = parse_anthropic_response;
  return w;
}

wire openai_wire(const http_backend_settings& s) {
  wire w;
  w.name = "openai";
  w.key_env = s.api_key_env;
  w.schema = decision_schema(s.limits, schema_dialect::full);
  auto tmpl = request_template<openai_request>(s, w.schema);
  tmpl.mode = s.openai_tool_mode ? openai_output_mode::tool : openai_output_mode::json_schema;
  w.body = body_per_call(std::move(tmpl), openai_request_body);
  w.headers = [](const std::string& key) {
    net::header_list h{{"content-type", "application/json"}, {"accept", "application/json"}};
    if (!key.empty())
      h.emplace_back("authorization", "Bearer " + key);
    return h;
  };
  w.parse = parse_openai_response;
  return w;
}

std::unique_ptr<model_backend> make_backend(net::io_thread& io, http_backend_settings s,
                                            std::string_view api_path,
                                            wire (*make_wire)(const http_backend_settings&),
                                            std::string& error) {
  if (error = check_settings(s); !error.empty())
    return nullptr;
  net::url origin;
  std::string target;
  if (!resolve(s.base_url, api_path, origin, target, error))
    return nullptr;
  auto w = make_wire(s);
  auto core = std::make_shared<backend_core>(io, std::move(s), std::move(w), std::move(origin),
                                             std::move(target));
  core->reauthenticate(); // a missing key is reported when a call needs it
  return std::make_unique<http_backend>(std::move(core));
}

} // namespace

std::unique_ptr<model_backend> make_anthropic_backend(net::io_thread& io,
                                                      http_backend_settings settings,
                                                      std::string& error) {
  if (settings.base_url.empty())
    settings.base_url = "https://api.anthropic.com";
  if (settings.model.empty())
    settings.model = anthropic_default_model;
  return make_backend(io, std::move(settings), anthropic_messages_path, anthropic_wire, error);
}

std::unique_ptr<model_backend> make_openai_backend(net::io_thread& io,
                                                   http_backend_settings settings,
                                                   std::string& error) {
  if (settings.base_url.empty())
    settings.base_url = "http://127.0.0.1:11434/v1";
  return make_backend(io, std::move(settings), openai_chat_path, openai_wire, error);
}

} // namespace tn
