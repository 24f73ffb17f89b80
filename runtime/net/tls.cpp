#include "runtime/net/tls.hpp"

#include "runtime/net/detail/asio.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>

#include <openssl/x509_vfy.h>
#include <openssl/ssl.h>

namespace tn::net::detail {

std::string describe(const char* what, const beast::error_code& ec) {
  return std::string{what} + ": " + ec.message();
}

std::string describe_handshake(tls_stream& stream, const beast::error_code& ec) {
  auto out = describe("tls handshake", ec);
  auto verify = SSL_get_verify_result(stream.native_handle());
  if (verify != X509_V_OK)
    out += std::string{" ("} + X509_verify_cert_error_string(verify) + ")";
  return out;
}

std::shared_ptr<ssl::context> make_client_context(const std::string& ca_file,
                                                  std::string& error) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                   | ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  beast::error_code ec;
  if (ca_file.empty())
    ctx->set_default_verify_paths(ec);
  else
    ctx->load_verify_file(ca_file, ec);
  if (ec) {
    error = describe(("tls: cannot load CA " + (ca_file.empty() ? "store" : ca_file)).c_str(), ec);
    return nullptr;
  }
  return ctx;
}

std::shared_ptr<ssl::context> client_context(io_thread& io, const std::string& ca_file,
                                             std::string& error) {
  auto& x = io.internals();
  std::lock_guard<std::mutex> guard{x.contexts_mutex};
  auto& ctx = x.client_contexts[ca_file];
  if (!ctx)
    ctx = make_client_context(ca_file, error);
  return ctx;
}

std::shared_ptr<ssl::context> make_server_context(const std::string& cert_file,
                                                  const std::string& key_file,
                                                  std::string& error) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                   | ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1
                   | ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    error = describe(("tls: cannot load certificate " + cert_file).c_str(), ec);
    return nullptr;
  }
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    error = describe(("tls: cannot load key " + key_file).c_str(), ec);
    return nullptr;
  }
  return ctx;
}

bool prepare_client_tls(tls_stream& stream, const std::string& host, std::string& error) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  const bool is_ip = !ec;
  // SNI carries host names only (RFC 6066); IP literals are checked by SAN.
  if (!is_ip && !SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
    error = "tls: cannot set SNI for " + host;
    return false;
  }
  // Asio's check alone would fail with an unspecified verification error;
  // record the precise reason so describe_handshake can report it.
  auto check = [verify = ssl::host_name_verification(host), is_ip](
                 bool preverified, ssl::verify_context& ctx) mutable {
    if (!preverified)
      return false;
    if (verify(preverified, ctx))
      return true;
    X509_STORE_CTX_set_error(ctx.native_handle(), is_ip ? X509_V_ERR_IP_ADDRESS_MISMATCH
                                                        : X509_V_ERR_HOSTNAME_MISMATCH);
    return false;
  };
  beast::error_code set_ec;
  stream.set_verify_callback(std::move(check), set_ec);
  if (set_ec) {
    error = describe("tls: cannot set host verification", set_ec);
    return false;
  }
  return true;
}

} // namespace tn::net::detail
