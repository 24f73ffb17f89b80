#pragma once

// TLS settings. Client verification is always on: the peer's certificate
// chain must lead to a trusted CA and the certificate must name the host
// (DNS or IP subjectAltName); SNI is sent for host names.

#include <string>

namespace tn::net {

struct tls_client_options {
  std::string ca_file; ///< PEM bundle of trusted CAs; empty = the system store
};

struct tls_server_options {
  std::string cert_file; ///< PEM certificate chain
  std::string key_file;  ///< PEM private key
};

} // namespace tn::net
