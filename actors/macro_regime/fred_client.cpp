#include "actors/macro_regime/fred_client.hpp"

#include "actors/macro_regime/fred_series.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/url.hpp"

#include <cstdio>
#include <utility>

namespace tn {

namespace {

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

} // namespace

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty())
    return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
    text.replace(pos, secret.size(), "***");
  return text;
}

std::shared_ptr<fred_client> fred_client::make(net::io_thread& io, const std::string& base_url,
                                               std::string key, std::string ca_file,
                                               timespan timeout, std::string& error) {
  net::url origin;
  if (!net::parse_url(base_url, origin, error))
    return nullptr;
  if (origin.scheme != "http" && origin.scheme != "https") {
    error = "expected an http or https URL, got " + origin.scheme;
    return nullptr;
  }
  std::shared_ptr<fred_client> c{new fred_client};
  c->origin_ = origin.origin();
  c->prefix_ = origin.target;
  while (!c->prefix_.empty() && c->prefix_.back() == '/')
    c->prefix_.pop_back();
  c->key_ = std::move(key);
  c->timeout_ = timeout;
  c->http_ = net::http_client::make(io, origin, net::tls_client_options{std::move(ca_file)});
  return c;
}

fred_client::~fred_client() {
  if (http_)
    http_->close();
}

std::string fred_client::target(const std::string& series_id, timestamp start) const {
  return prefix_ + "/fred/series/observations?series_id=" + url_encode(series_id)
         + "&api_key=" + url_encode(key_) + "&file_type=json&observation_start="
         + format_iso_date(start);
}

void fred_client::observations(const std::string& series_id, timestamp start,
                               std::function<void(std::string, std::string)> done) {
  net::http_request req;
  req.target = target(series_id, start);
  req.headers.emplace_back("Accept", "application/json");
  http_->request(std::move(req), timeout_,
                 [key = key_, where = "GET " + origin_ + prefix_ + "/fred/series/observations: ",
                  done = std::move(done)](net::http_result r) {
                   if (!r.ok())
                     return done({}, redact(where + r.error, key));
                   if (r.response.status != 200)
                     return done({}, redact(fred_http_error(r.response.status, r.response.body),
                                            key));
                   done(std::move(r.response.body), {});
                 });
}

} // namespace tn
