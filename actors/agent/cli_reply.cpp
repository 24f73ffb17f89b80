#include "actors/agent/cli_reply.hpp"

#include "actors/agent/claude_cli_wire.hpp"
#include "runtime/json/json_read.hpp"

namespace tn {

namespace {

constexpr size_t stderr_excerpt_chars = 300;

// The end of stderr, where the CLI says what went wrong.
std::string stderr_note(const process_result& run) {
  std::string_view text = run.stderr_text;
  auto last = text.find_last_not_of(" \t\r\n");
  if (last == std::string_view::npos)
    return {};
  text = text.substr(0, last + 1);
  bool cut = text.size() > stderr_excerpt_chars;
  if (cut)
    text = text.substr(text.size() - stderr_excerpt_chars);
  return std::string{"; stderr: "} + (cut ? "..." : "")
         + json_read::for_log(text, stderr_excerpt_chars);
}

model_reply failed(reply_status status, const process_result& run, std::string_view program) {
  model_reply out;
  out.status = status;
  // A spawn error names the program itself ("claude: not found").
  out.error = run.error.empty() ? std::string{program} + " " + describe(run) : run.error;
  out.error += stderr_note(run);
  return out;
}

} // namespace

model_reply claude_cli_reply(const process_result& run, std::string_view program) {
  if (!run.error.empty() || run.cancelled || run.timed_out)
    return failed(reply_status::unavailable, run, program);
  if (run.stdout_overflow)
    return failed(reply_status::malformed, run, program);
  auto reply = parse_claude_cli_output(run.stdout_text);
  if (reply.status != reply_status::malformed)
    return reply;
  if (!run.succeeded())
    return failed(reply_status::unavailable, run, program);
  reply.error += stderr_note(run);
  return reply;
}

} // namespace tn
