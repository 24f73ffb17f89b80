#include "test/integration/net/raw_server.hpp"

#include <openssl/evp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>
#include <string>

namespace tn::net::test {

namespace {

std::string read_head(int fd) {
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      return {};
    head.append(buf, static_cast<size_t>(n));
  }
  return head;
}

/// Reads a whole request (head and Content-Length body); false on EOF.
bool read_request(int fd) {
  auto head = read_head(fd);
  if (head.empty())
    return false;
  std::string lower = head;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t length = 0;
  if (auto pos = lower.find("content-length:"); pos != std::string::npos)
    length = std::stoul(lower.substr(pos + 15));
  auto have = head.size() - (head.find("\r\n\r\n") + 4);
  char buf[1024];
  while (have < length) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      return false;
    have += static_cast<size_t>(n);
  }
  return true;
}

void write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    auto n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0)
      return;
    done += static_cast<size_t>(n);
  }
}

std::string websocket_accept(const std::string& head) {
  static const std::string name = "sec-websocket-key:";
  std::string lower = head;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto pos = lower.find(name);
  if (pos == std::string::npos)
    return {};
  auto begin = head.find_first_not_of(' ', pos + name.size());
  auto end = head.find("\r\n", begin);
  auto key = head.substr(begin, end - begin) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(key.data(), key.size(), digest, &len, EVP_sha1(), nullptr);
  unsigned char encoded[64];
  auto n = EVP_EncodeBlock(encoded, digest, static_cast<int>(len));
  return std::string{reinterpret_cast<char*>(encoded), static_cast<size_t>(n)};
}

/// Binds a fresh socket to a free loopback port, listening if asked to.
int bind_loopback(bool listening, uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
      || (listening && ::listen(fd, 16) != 0)
      || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot bind a loopback port");
  port = ntohs(addr.sin_port);
  return fd;
}

} // namespace

reserved_port::reserved_port() : fd_(bind_loopback(false, port_)) {}

reserved_port::~reserved_port() {
  ::close(fd_);
}

raw_server::raw_server(mode m)
  : mode_(m), listen_fd_(bind_loopback(true, port_)),
    first_closed_(closed_promise_.get_future().share()) {
  thread_ = std::thread([this] { run(); });
}

raw_server::~raw_server() {
  stop_ = true;
  thread_.join();
  for (int fd : held_)
    ::close(fd);
  ::close(listen_fd_);
}

void raw_server::run() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    // A short poll keeps shutdown prompt without a wake-up pipe.
    if (::poll(&p, 1, 20) <= 0)
      continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0)
      continue;
    ++accepted_;
    serve(fd);
  }
}

void raw_server::serve(int fd) {
  switch (mode_) {
    case mode::silent:
      held_.push_back(fd);
      return;
    case mode::ws_silent: {
      auto head = read_head(fd);
      write_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                      + websocket_accept(head) + "\r\n\r\n");
      held_.push_back(fd);
      return;
    }
    case mode::http_then_close: {
      if (!read_head(fd).empty())
        write_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
      if (!closed_signalled_) {
        closed_signalled_ = true;
        closed_promise_.set_value();
      }
      return;
    }
    case mode::swallow_second: {
      if (read_request(fd)) {
        ++requests_;
        write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        if (read_request(fd))
          ++requests_;
      }
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
      return;
    }
  }
}

} // namespace tn::net::test
