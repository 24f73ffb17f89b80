#include "runtime/error_text.hpp"

#include "messages/error.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/exit_reason.hpp>
#include <caf/sec.hpp>

#include <algorithm>

namespace tn {

namespace {

std::string exit_text(caf::exit_reason x) {
  switch (x) {
    case caf::exit_reason::normal: return "stopped";
    case caf::exit_reason::unhandled_exception: return "crashed with an unhandled exception";
    case caf::exit_reason::unknown: return "gone (it no longer exists)";
    case caf::exit_reason::out_of_workers: return "ran out of workers";
    case caf::exit_reason::user_shutdown: return "stopped on request";
    case caf::exit_reason::kill: return "killed";
    case caf::exit_reason::remote_link_unreachable: return "lost the connection to its peer";
    case caf::exit_reason::unreachable: return "unreachable";
  }
  return "stopped";
}

/// "request_receiver_down" -> "request receiver down": the enum's own name,
/// in words, for the codes without a sentence of their own.
std::string words(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

std::string sec_text(caf::sec x) {
  switch (x) {
    case caf::sec::request_receiver_down: return "the service it asked is not running";
    case caf::sec::request_timeout: return "no answer in time";
    case caf::sec::unexpected_message: return "got a message it does not understand";
    case caf::sec::cannot_connect_to_node: return "cannot connect";
    case caf::sec::disconnect_during_handshake: return "the peer closed the connection during the handshake";
    case caf::sec::cannot_open_port: return "cannot open the port";
    default: return words(caf::to_string(x));
  }
}

/// The first string in the error's context: CAF and we put the details there.
std::string detail_of(const caf::error& err) {
  auto& ctx = err.context();
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.match_element<std::string>(i))
      return ctx.get_as<std::string>(i);
  return {};
}

} // namespace

std::string error_text(const caf::error& err) {
  if (!err)
    return {};
  auto detail = detail_of(err);
  if (err.category() == caf::atom("tradenode"))
    return detail.empty() ? words(to_string(static_cast<ec>(err.code()))) : detail;
  std::string text;
  if (err.category() == caf::atom("exit"))
    text = exit_text(static_cast<caf::exit_reason>(err.code()));
  else if (err.category() == caf::atom("system"))
    text = sec_text(static_cast<caf::sec>(err.code()));
  else
    text = "error " + std::to_string(err.code());
  return detail.empty() ? text : text + ": " + detail;
}

} // namespace tn
