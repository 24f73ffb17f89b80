#pragma once

// A loopback WSS server that plays a fixed list of frames, as fast as the
// connection takes them, to every client that connects; REST answers every
// request with an empty kline array.

#include <memory>
#include <string>
#include <vector>

namespace tn::net {
class io_thread;
class server;
} // namespace tn::net

namespace tn::bench {

/// Listens on 127.0.0.1 (a free port) with the PKI in `pki_dir`. Null and
/// `error` set on failure.
std::shared_ptr<net::server> serve_frames(net::io_thread& io, const std::string& pki_dir,
                                          std::shared_ptr<const std::vector<std::string>> frames,
                                          std::string& error);

} // namespace tn::bench
