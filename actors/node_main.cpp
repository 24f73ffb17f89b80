#include "actors/services.hpp"
#include "runtime/node.hpp"

int main(int argc, char** argv) {
  return tn::run_node(argc, argv, tn::service_table());
}
