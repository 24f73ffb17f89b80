#include "tools/tradectl/args.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace tn {

const char* const tradectl_usage =
  "usage: tradectl [OPTIONS] COMMAND\n"
  "Talks to a running tradenode through its console (the console: section of\n"
  "the node's config).\n"
  "Commands:\n"
  "  status             status of the supervisor and of every service\n"
  "  actors             supervised services: state, restarts, last error\n"
  "  events [TOPIC] [N] the last N events (default 20) of TOPIC (default: every\n"
  "                     topic); a lone number is N\n"
  "  decisions [N]      the last N decisions (default 20): time, who decided,\n"
  "                     trigger, outcome, cost, action per symbol\n"
  "  breaker            the LLM circuit breaker: state, failures, next probe\n"
  "  positions          open positions: quantity, entry, best price, trailing stop\n"
  "  orders [N]         the last N orders (default 20): time, symbol, side, type,\n"
  "                     quantity, price, state, filled, why\n"
  "  balance            the account: equity, today's PnL and fees, balances\n"
  "  learner            the learner: per regime its trades, each signal's\n"
  "                     posterior Beta(alpha, beta) and a sampled weight\n"
  "  regime             the crypto regime (low_vol/high_vol) at the newest daily\n"
  "                     close, its filtered probability and the fitted model\n"
  "  derivatives        per futures symbol: funding rate and next funding time,\n"
  "                     mark price, open interest and its change, long/short\n"
  "                     ratio, CVD; - where not known yet\n"
  "  pause              refuse new entries (exits and stops keep running)\n"
  "  resume             accept new entries again\n"
  "  flatten            close every position now (asks first unless --yes)\n"
  "  reset              reset the daily-loss kill switch\n"
  "  restart ACTOR      restart a service as if it had failed\n"
  "  stop               stop the node as SIGTERM does, and wait until it is down\n"
  "  version            the versions of tradectl and of the node\n"
  "Options:\n"
  "  --host H           address of the node (default 127.0.0.1)\n"
  "  --port P           port of its console (default 18444)\n"
  "  --token-env NAME   environment variable holding the access token (default\n"
  "                     TRADENODE_CONSOLE_TOKEN; unset: no token)\n"
  "  --cert FILE        TLS: this client's certificate (PEM)\n"
  "  --key FILE         TLS: its private key (PEM)\n"
  "  --ca FILE          TLS: the CAs the node's certificate must chain to (PEM);\n"
  "                     --cert, --key and --ca go together\n"
  "  --timeout S        seconds to wait for each answer (default 10)\n"
  "  --yes              flatten without asking\n"
  "  --help             this text\n"
  "Exit codes: 0 ok, 1 the node is unreachable or the command failed, 2 usage.\n";

namespace {

std::optional<uint32_t> parse_number(const std::string& text, uint32_t lo, uint32_t hi) {
  uint32_t value = 0;
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi)
    return std::nullopt;
  return value;
}

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

constexpr const char* value_options[] = {"--host", "--port", "--token-env", "--cert",
                                         "--key",  "--ca",   "--timeout"};

bool takes_value(const std::string& name) {
  return std::find(std::begin(value_options), std::end(value_options), name)
         != std::end(value_options);
}

bool set_option(const std::string& name, const std::string& value, tradectl_args& out,
                std::string& error) {
  if (value.empty()) {
    error = name + " needs a value";
    return false;
  }
  if (name == "--host") {
    out.host = value;
  } else if (name == "--port") {
    auto port = parse_number(value, 1, 65535);
    if (!port) {
      error = "--port needs a number from 1 to 65535, got '" + value + "'";
      return false;
    }
    out.port = static_cast<uint16_t>(*port);
  } else if (name == "--token-env") {
    out.token_env = value;
  } else if (name == "--cert") {
    out.tls.certificate = value;
  } else if (name == "--key") {
    out.tls.key = value;
  } else if (name == "--ca") {
    out.tls.cafile = value;
  } else {
    auto seconds = parse_number(value, 1, 3600);
    if (!seconds) {
      error = "--timeout needs seconds from 1 to 3600, got '" + value + "'";
      return false;
    }
    out.timeout_s = *seconds;
  }
  return true;
}

/// Reads the count operand of `command` into out.count.
bool set_count(const std::string& command, const std::string& text, tradectl_args& out,
               std::string& error) {
  auto count = parse_number(text, 1, 1000000);
  if (!count) {
    error = command + ": the count must be a number from 1 to 1000000, got '" + text + "'";
    return false;
  }
  out.count = *count;
  return true;
}

bool set_command(const std::vector<std::string>& words, tradectl_args& out, std::string& error) {
  if (words.empty()) {
    error = "no command given";
    return false;
  }
  out.command = words[0];
  auto operands = words.size() - 1;
  if (out.command == "events") {
    if (operands > 2) {
      error = "events takes at most a topic and a count";
      return false;
    }
    auto count_at = operands == 2 ? 2 : operands == 1 && is_number(words[1]) ? 1 : 0;
    if (operands >= 1 && count_at != 1)
      out.topic = words[1];
    return count_at == 0 || set_count(out.command, words[count_at], out, error);
  }
  if (out.command == "decisions" || out.command == "orders") {
    if (operands > 1) {
      error = out.command + " takes at most a count";
      return false;
    }
    return operands == 0 || set_count(out.command, words[1], out, error);
  }
  if (out.command == "restart") {
    if (operands != 1) {
      error = "restart needs exactly one service name";
      return false;
    }
    out.actor = words[1];
    return true;
  }
  for (auto name : {"status", "actors", "breaker", "stop", "version", "positions", "balance",
                    "pause", "resume", "flatten", "reset", "learner", "regime",
                    "derivatives"})
    if (out.command == name) {
      if (operands != 0) {
        error = out.command + " takes no arguments";
        return false;
      }
      return true;
    }
  error = "unknown command: " + out.command;
  return false;
}

} // namespace

bool parse_tradectl_args(const std::vector<std::string>& args, tradectl_args& out,
                         std::string& error) {
  std::vector<std::string> words;
  for (size_t i = 0; i < args.size(); ++i) {
    auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg == "--yes") {
      out.yes = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      words.push_back(arg);
      continue;
    }
    auto eq = arg.find('=');
    auto name = arg.substr(0, eq);
    if (!takes_value(name)) {
      error = "unknown option: " + name;
      return false;
    }
    if (eq == std::string::npos && i + 1 == args.size()) {
      error = name + " needs a value";
      return false;
    }
    auto value = eq == std::string::npos ? args[++i] : arg.substr(eq + 1);
    if (!set_option(name, value, out, error))
      return false;
  }
  if (out.help)
    return true;
  auto tls_files = !out.tls.certificate.empty() + !out.tls.key.empty() + !out.tls.cafile.empty();
  if (tls_files != 0 && tls_files != 3) {
    error = "--cert, --key and --ca go together";
    return false;
  }
  return set_command(words, out, error);
}

} // namespace tn
