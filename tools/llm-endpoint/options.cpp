#include "tools/llm-endpoint/options.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace tn::llm {

bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error) {
  auto text = [](std::string& field) {
    return [&field](const std::string& v) {
      field = v;
      return true;
    };
  };
  using handler = std::function<bool(const std::string&)>;
  const std::map<std::string, handler> with_value = {
    {"--host", text(out.host)},
    {"--port",
     [&](const std::string& v) {
       auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out.port);
       if (ec == std::errc{} && end == v.data() + v.size())
         return true;
       error = "--port: expected an integer in [0, 65535]";
       return false;
     }},
    {"--cert", text(out.cert_file)},
    {"--key", text(out.key_file)},
    {"--script", text(out.script_file)},
    {"--api-key-env", text(out.api_key_env)},
  };
  for (size_t i = 0; i < args.size(); ++i) {
    auto arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg == "--quiet") {
      out.quiet = true;
      continue;
    }
    std::string value;
    bool inline_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
      inline_value = true;
    }
    auto it = with_value.find(arg);
    if (it == with_value.end()) {
      error = "unknown option " + arg + " (see --help)";
      return false;
    }
    if (!inline_value) {
      if (++i == args.size()) {
        error = arg + ": missing value";
        return false;
      }
      value = args[i];
    }
    if (!it->second(value))
      return false;
  }
  if (out.cert_file.empty() != out.key_file.empty()) {
    error = "--cert and --key go together";
    return false;
  }
  return true;
}

std::string usage() {
  return R"(usage: llm-endpoint [options]

A scriptable stand-in for the Anthropic Messages API (POST /v1/messages) and
OpenAI-compatible chat completions (POST /v1/chat/completions), for tests.
Each model request takes the next scripted step; with none left it answers a
valid HOLD decision. An Anthropic request with "stream": true (Claude Code's)
gets the answer as server-sent events. Prints "listening on HOST:PORT" once
ready.

  --host ADDR         address to listen on (default 127.0.0.1)
  --port N            port; 0 picks a free one (default 0)
  --cert FILE         PEM certificate chain: serve HTTPS (with --key)
  --key FILE          PEM private key; without --cert/--key: plain HTTP
  --script FILE       JSON lines, one step per line ('#' lines skipped)
  --api-key-env NAME  requests must carry the key in $NAME (x-api-key /
                      Authorization: Bearer); default: any x-api-key, or
                      an OAuth token (sk-ant-oat...) as Bearer for Anthropic
  --quiet             no line per request on stderr
  --help              this text

A step (every member optional, at most one of decision/raw/error):
  {"status":200, "headers":{"retry-after-ms":"200"}, "delay_ms":0,
   "decision":{...tool input...} | "raw":"literal body" |
   "error":{"type":"overloaded_error","message":"..."},
   "usage":{"input_tokens":1200,"output_tokens":150,
            "cache_creation_input_tokens":0,"cache_read_input_tokens":0},
   "stop_reason":"max_tokens", "truncate_at":40, "repeat":1}

Control:
  POST /_script    a JSON array of steps, appended to the queue
  GET  /_requests  the recorded requests (credentials redacted)
  POST /_reset     empty the queue and the records
)";
}

} // namespace tn::llm
