// llm-endpoint: a scriptable Anthropic / OpenAI-compatible endpoint on
// loopback, for tests (see --help).

#include "tools/common/serve_until_signal.hpp"
#include "tools/llm-endpoint/endpoint.hpp"
#include "tools/llm-endpoint/options.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace tn::llm;

namespace {

int fail(const std::string& msg) {
  std::fprintf(stderr, "llm-endpoint: %s\n", msg.c_str());
  return 2;
}

bool load_script(const std::string& path, std::vector<llm_step>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (parse_step_lines(text.str(), out, error))
    return true;
  error = path + ": " + error;
  return false;
}

} // namespace

int main(int argc, char** argv) {
  cli_options cli;
  std::string error;
  if (!parse_cli({argv + 1, argv + argc}, cli, error))
    return fail(error);
  if (cli.help) {
    std::cout << usage();
    return 0;
  }
  endpoint_options opts;
  opts.host = cli.host;
  opts.port = cli.port;
  opts.cert_file = cli.cert_file;
  opts.key_file = cli.key_file;
  opts.log = !cli.quiet;
  if (!cli.api_key_env.empty()) {
    const char* key = std::getenv(cli.api_key_env.c_str());
    if (!key || !*key)
      return fail("--api-key-env: " + cli.api_key_env + " is not set");
    opts.api_key = key;
  }
  if (!cli.script_file.empty() && !load_script(cli.script_file, opts.script, error))
    return fail(error);
  size_t steps = opts.script.size();
  return tn::tools::serve_until_signal(
      "llm-endpoint", cli.host,
      [&](tn::net::io_thread& io) { return llm_endpoint{io, std::move(opts)}; },
      [&](const llm_endpoint& endpoint) {
        std::fprintf(stderr, "llm-endpoint: %zu scripted step(s), %s\n", steps,
                     endpoint.origin().c_str());
      });
}
