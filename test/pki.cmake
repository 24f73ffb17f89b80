# A test PKI (tools/pki) generated at build time in ${PROJECT_BINARY_DIR}/pki.
# tn_use_pki(target): builds it first and passes its path as TN_TEST_PKI.
include_guard(GLOBAL)

add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/pki/.stamp
  COMMAND ${PROJECT_SOURCE_DIR}/tools/pki ${PROJECT_BINARY_DIR}/pki
  COMMAND ${CMAKE_COMMAND} -E touch ${PROJECT_BINARY_DIR}/pki/.stamp
  DEPENDS ${PROJECT_SOURCE_DIR}/tools/pki
  COMMENT "Generating the test PKI in ${PROJECT_BINARY_DIR}/pki")
add_custom_target(tn_test_pki DEPENDS ${PROJECT_BINARY_DIR}/pki/.stamp)

function(tn_use_pki target)
  add_dependencies(${target} tn_test_pki)
  target_compile_definitions(${target} PRIVATE TN_TEST_PKI="${PROJECT_BINARY_DIR}/pki")
endfunction()
