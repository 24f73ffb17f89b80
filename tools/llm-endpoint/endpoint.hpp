#pragma once

// The scriptable LLM endpoint on the network: the Anthropic Messages API
// (POST /v1/messages) and OpenAI-compatible chat completions (POST
// /v1/chat/completions) on one port, HTTPS or plain HTTP. Each model
// request takes the next scripted step (an empty queue answers a valid
// HOLD decision) and is recorded; a HEAD (Claude Code's probe of the base
// URL) gets 404 without a body and is not. Control paths:
//   POST /_script    a JSON array of steps, appended to the queue
//   GET  /_requests  the recorded requests (records_json)
//   POST /_reset     empties the queue and the records
// Test equipment: run in-process by the tests, or as the llm-endpoint binary.

#include "tools/llm-endpoint/record.hpp"
#include "tools/llm-endpoint/script.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tn::net {
class io_thread;
class server;
} // namespace tn::net

namespace tn::llm {

struct endpoint_options {
  std::string host = "127.0.0.1";
  uint16_t port = 0; ///< 0: a free port
  /// PEM files; both empty: plain HTTP.
  std::string cert_file;
  std::string key_file;
  /// The credential requests must carry (see check_request); "" accepts any
  /// non-empty x-api-key and no Authorization at all.
  std::string api_key;
  /// The initial queue.
  std::vector<llm_step> script;
  /// One line per model request on stderr.
  bool log = false;
};

class llm_endpoint {
public:
  /// `io` must outlive the endpoint.
  llm_endpoint(net::io_thread& io, endpoint_options opts);
  ~llm_endpoint();

  llm_endpoint(const llm_endpoint&) = delete;
  llm_endpoint& operator=(const llm_endpoint&) = delete;

  /// Listens; false with a reason on failure.
  bool start(std::string& error);

  /// The port it listens on (after start).
  uint16_t port() const;

  /// "https://127.0.0.1:<port>" (http without a certificate).
  std::string origin() const;

  /// Stops listening and closes every connection. Idempotent.
  void stop();

  /// Appends steps to the queue. Thread-safe.
  void push(std::vector<llm_step> steps);
  void push(llm_step step);

  /// Sets the credential requests must carry. Thread-safe.
  void set_api_key(std::string key);

  /// Empties the queue and the records. Thread-safe.
  void reset();

  /// The model requests so far, in arrival order. Thread-safe.
  std::vector<recorded_request> requests() const;

  /// Steps not yet used (a step with repeat n counts n). Thread-safe.
  size_t pending_steps() const;

private:
  struct state;

  bool tls_enabled() const;

  net::io_thread& io_;
  std::string host_;
  uint16_t port_;
  std::string cert_file_;
  std::string key_file_;
  std::shared_ptr<state> state_; // shared with the handlers, which may outlive us
  std::shared_ptr<net::server> server_;
};

} // namespace tn::llm
