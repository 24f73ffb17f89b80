#include "actors/regime/regime_cli.hpp"
#include "actors/services.hpp"
#include "backtest/run/backtest_run.hpp"
#include "runtime/node.hpp"

#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
  // Research subcommands run without a node.
  if (argc > 1 && std::string_view{argv[1]} == "regime")
    return tn::run_regime_command({argv + 2, argv + argc}, std::cout, std::cerr);
  if (argc > 1 && std::string_view{argv[1]} == "backtest")
    return tn::backtest::run_backtest_command({argv + 2, argv + argc}, tn::service_table(),
                                              std::cout, std::cerr);
  return tn::run_node(argc, argv, tn::service_table());
}
