#include "backtest/sweep/sweep_file.hpp"

#include "runtime/config/yaml_reader.hpp"

#include <algorithm>

namespace tn::backtest {

namespace {

// A grid value as YAML text, unsubstituted: the child's loader resolves
// ${NAME} itself. Lists and maps in flow style ([BTCUSDT, ETHUSDT]).
std::string value_text(const YAML::Node& value) {
  if (value.IsScalar())
    return value.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << value;
  return e.c_str();
}

} // namespace

const std::vector<std::string>& rankable_metrics() {
  static const std::vector<std::string> names = {
    "total_return", "cagr",          "sharpe",        "sortino", "calmar",
    "max_drawdown", "win_rate",      "profit_factor", "exposure_time"};
  return names;
}

bool parse_sweep_spec(const std::string& yaml, const std::string& source, sweep_spec& out,
                      std::string& error, const env_lookup& env) {
  try {
    auto root = YAML::Load(yaml);
    detail::context ctx{source, env};
    detail::map_reader top{ctx,
                           {root, root.Mark(), ""},
                           {"base", "rank_by", "parallel", "timeout", "env", "args", "grid"}};
    if (root.IsNull() || !top.has("base"))
      ctx.fail({root, root.Mark(), "base"}, "the base config is required");
    top.read("base", out.base);
    if (out.base.empty())
      ctx.fail(top.at("base"), "the base config is required");
    if (top.has("rank_by")) {
      auto where = top.at("rank_by");
      auto name = ctx.text(where, "a metric name");
      auto& names = rankable_metrics();
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string list;
        for (auto& n : names)
          list += (list.empty() ? "" : "|") + n;
        ctx.fail(where, "expected one of " + list + ", got '" + name + "'");
      }
      out.rank_by = name;
    }
    top.read("parallel", out.parallel, 1, 64);
    top.read("timeout", out.timeout, std::chrono::seconds{1}, std::chrono::hours{24 * 7});
    if (top.has("env"))
      for (auto& item : top.list("env"))
        out.env.push_back(ctx.text(item, "a variable name"));
    if (top.has("args"))
      for (auto& item : top.list("args"))
        out.args.push_back(ctx.text(item, "an argument"));
    for (auto& [key, at] : top.named_entries("grid")) {
      if (!at.value.IsSequence() || at.value.size() == 0)
        ctx.fail(at, "expected a non-empty list of values, e.g. [0.02, 0.04]");
      grid_axis axis{key, {}};
      for (const auto& v : at.value)
        axis.values.push_back(value_text(v));
      out.grid.push_back(std::move(axis));
    }
    if (out.grid.empty())
      ctx.fail(top.at("grid"), "the grid needs at least one key with values");
    return true;
  } catch (const detail::config_error& e) {
    error = e.what();
  } catch (const YAML::Exception& e) {
    error = detail::config_message(source, e.mark, "", "syntax error: " + e.msg);
  }
  return false;
}

} // namespace tn::backtest
