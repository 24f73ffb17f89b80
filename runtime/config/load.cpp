#include "runtime/config/load.hpp"

#include "messages/error.hpp"
#include "runtime/config/sections.hpp"
#include "runtime/config/yaml_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tn {

namespace {

caf::error refuse(std::string message) {
  return caf::make_error(ec::invalid_config, std::move(message));
}

} // namespace

caf::expected<node_config> load_config_text(const std::string& yaml,
                                            const std::string& source_name,
                                            const std::vector<config_section>& services,
                                            const env_lookup& env) {
  try {
    auto docs = YAML::LoadAll(yaml);
    if (docs.size() > 1)
      return refuse(detail::config_message(source_name, docs[1].Mark(), "",
                                           "expected one YAML document, found "
                                             + std::to_string(docs.size())));
    // An empty file is a mistake (a wrong path, a truncated copy), never a
    // request for the defaults: those run without --config.
    if (docs.empty() || docs.front().IsNull())
      return refuse(source_name + ": the file holds no settings (it is empty or only comments); "
                                  "leave out --config to run the embedded default");
    detail::context ctx{source_name, env};
    auto root = docs.front();
    return detail::read_config(ctx, {root, root.Mark(), ""}, services);
  } catch (const detail::config_error& e) {
    return refuse(e.what());
  } catch (const YAML::Exception& e) {
    return refuse(detail::config_message(source_name, e.mark, "", "syntax error: " + e.msg));
  }
}

caf::expected<node_config> load_config_file(const std::string& path,
                                            const std::vector<config_section>& services,
                                            const env_lookup& env) {
  std::error_code fs_error;
  if (std::filesystem::is_directory(path, fs_error))
    return refuse(path + ": cannot read: is a directory, expected a YAML file");
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return refuse(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return refuse(path + ": cannot read: " + std::strerror(errno));
  return load_config_text(text.str(), path, services, env);
}

} // namespace tn
