# Compiles the parser into the fuzz target itself, so that it is
# instrumented for coverage whatever the rest of the build uses.
add_executable(kline_frame_fuzz
  ${CMAKE_CURRENT_LIST_DIR}/kline_frame_fuzz.cpp
  ${PROJECT_SOURCE_DIR}/actors/market_listener/kline_parser.cpp)
target_compile_options(kline_frame_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(kline_frame_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(kline_frame_fuzz PRIVATE tn_options simdjson::simdjson CAF::core)
# A short smoke run on the recorded frames as seed corpus; real fuzzing runs
# by hand: build-fuzz/test/fuzz/kline_frame_fuzz -max_total_time=600 CORPUS
# New inputs go to the first (writable) corpus folder; the recorded frames
# are read-only seeds.
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/kline_corpus)
add_test(NAME kline_frame_fuzz_smoke
         COMMAND kline_frame_fuzz -runs=20000 -max_len=4096
                 ${CMAKE_CURRENT_BINARY_DIR}/kline_corpus ${PROJECT_SOURCE_DIR}/../shared/data/ws)
set_tests_properties(kline_frame_fuzz_smoke PROPERTIES TIMEOUT 120)
