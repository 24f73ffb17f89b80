#include "runtime/net/http.hpp"

#include <boost/beast/core/string.hpp>

namespace tn::net {

std::string find_header(const header_list& headers, std::string_view name) {
  for (auto& [key, value] : headers)
    if (boost::beast::iequals(key, name))
      return value;
  return {};
}

std::string http_request::header(std::string_view name) const {
  return find_header(headers, name);
}

std::string http_response::header(std::string_view name) const {
  return find_header(headers, name);
}

} // namespace tn::net
