# The kernel services (pure logic, then their actor shells) and the node binary.
add_library(tn_kernel_logic STATIC
  circuit_breaker.cpp
  clock.cpp
  data_dir_lock.cpp
  event_log.cpp
  heartbeat.cpp
  line_sink.cpp
  market_clock.cpp
  node_args.cpp
  periodic.cpp
  progress.cpp
  restart_policy.cpp
  startup_summary.cpp
  time_format.cpp
  watchdog.cpp)
# Threads: the line sinks write from threads of their own.
target_link_libraries(tn_kernel_logic PUBLIC tn_options tn_config Threads::Threads)
# messages/events.hpp names its types for CAF's inspectors (header only).
target_include_directories(tn_kernel_logic PUBLIC ${CAF_INCLUDE_DIR})

# Errors in words, for every actor shell that reports one.
add_library(tn_error_text STATIC error_text.cpp)
target_link_libraries(tn_error_text PUBLIC CAF::core tn_messages tn_options)

add_library(tn_kernel STATIC
  clock_actor.cpp
  event_log_actor.cpp
  heartbeat_actor.cpp
  progress_actor.cpp
  supervisor.cpp
  watchdog_actor.cpp)
target_link_libraries(tn_kernel PUBLIC tn_kernel_logic tn_error_text tn_messages tn_config PRIVATE tn_caf_pch)
target_precompile_headers(tn_kernel REUSE_FROM tn_caf_pch)

# The node: the kernel's services and the process flow, as a library so that
# integration tests run the same services in-process. The services' table
# and the tradenode binary are in actors/.
add_library(tn_node STATIC node.cpp)
target_link_libraries(tn_node PUBLIC tn_kernel tn_journal tn_net tn_console PRIVATE tn_caf_pch)
target_precompile_headers(tn_node REUSE_FROM tn_caf_pch)
target_compile_definitions(tn_node PRIVATE TN_VERSION="${PROJECT_VERSION}")
