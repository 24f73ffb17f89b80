#include "tools/bench/frame_server.hpp"

#include "runtime/net/server.hpp"

namespace tn::bench {

std::shared_ptr<net::server> serve_frames(net::io_thread& io, const std::string& pki_dir,
                                          std::shared_ptr<const std::vector<std::string>> frames,
                                          std::string& error) {
  net::server_handlers handlers;
  handlers.on_http = [](const net::http_request&, std::function<void(net::http_response)> respond) {
    net::http_response res;
    res.body = "[]";
    respond(std::move(res));
  };
  handlers.on_ws_open = [frames](const std::shared_ptr<net::ws_session>& session) {
    for (auto& f : *frames)
      session->send(f);
  };
  net::tls_server_options tls{pki_dir + "/server.pem", pki_dir + "/server.key"};
  return net::server::listen(io, "127.0.0.1", 0, &tls, std::move(handlers), error);
}

} // namespace tn::bench
