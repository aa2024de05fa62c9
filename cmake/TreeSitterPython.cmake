# Fetches the tree-sitter-python grammar with `npm pack` at configure time, checks the
# tarball against the registry's published integrity hash, and caches it in the build tree.
# Any failure stops configuration with a clear message; nothing half-built is left behind.

set(WARDEN_TSPY_VERSION "0.23.6")
# Published integrity of tree-sitter-python@0.23.6 (npm view tree-sitter-python@0.23.6 dist.integrity).
set(WARDEN_TSPY_INTEGRITY
    "sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A==")

set(_tspy_cache "${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${WARDEN_TSPY_VERSION}")
set(_tspy_tgz "${_tspy_cache}/tree-sitter-python-${WARDEN_TSPY_VERSION}.tgz")
set(_tspy_src "${_tspy_cache}/package/src")

function(_warden_tspy_integrity_ok file out)
  # npm's integrity is "sha512-" + base64(raw digest); compare in hex.
  string(REGEX REPLACE "^sha512-" "" _b64 "${WARDEN_TSPY_INTEGRITY}")
  execute_process(
    COMMAND sh -c "printf '%s' '${_b64}' | base64 -d | od -An -v -tx1 | tr -d ' \\n'"
    OUTPUT_VARIABLE _expected RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0 OR _expected STREQUAL "")
    message(FATAL_ERROR "tree-sitter-python: cannot decode the pinned integrity hash")
  endif()
  file(SHA512 "${file}" _actual)
  if(_actual STREQUAL _expected)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

set(_tspy_ok FALSE)
if(EXISTS "${_tspy_tgz}" AND EXISTS "${_tspy_src}/parser.c")
  _warden_tspy_integrity_ok("${_tspy_tgz}" _tspy_ok)
endif()

if(NOT _tspy_ok)
  find_program(WARDEN_NPM npm)
  if(NOT WARDEN_NPM)
    message(FATAL_ERROR "tree-sitter-python: `npm` not found; run scripts/setup.sh to install the build dependencies")
  endif()
  file(REMOVE_RECURSE "${_tspy_cache}")
  set(_tspy_tmp "${_tspy_cache}.download")
  file(REMOVE_RECURSE "${_tspy_tmp}")
  file(MAKE_DIRECTORY "${_tspy_tmp}")
  message(STATUS "Fetching tree-sitter-python@${WARDEN_TSPY_VERSION} with npm pack")
  execute_process(
    COMMAND "${WARDEN_NPM}" pack "tree-sitter-python@${WARDEN_TSPY_VERSION}" --silent
    WORKING_DIRECTORY "${_tspy_tmp}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err
    TIMEOUT 300)
  set(_tmp_tgz "${_tspy_tmp}/tree-sitter-python-${WARDEN_TSPY_VERSION}.tgz")
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_tmp_tgz}")
    file(REMOVE_RECURSE "${_tspy_tmp}")
    message(FATAL_ERROR "tree-sitter-python: `npm pack tree-sitter-python@${WARDEN_TSPY_VERSION}` failed "
                        "(exit ${_rc}): ${_err}")
  endif()
  _warden_tspy_integrity_ok("${_tmp_tgz}" _tspy_ok)
  if(NOT _tspy_ok)
    file(REMOVE_RECURSE "${_tspy_tmp}")
    message(FATAL_ERROR "tree-sitter-python: the downloaded tarball does not match the pinned integrity "
                        "hash ${WARDEN_TSPY_INTEGRITY}; refusing to build with it")
  endif()
  file(ARCHIVE_EXTRACT INPUT "${_tmp_tgz}" DESTINATION "${_tspy_tmp}" PATTERNS package/src package/LICENSE)
  if(NOT EXISTS "${_tspy_tmp}/package/src/parser.c" OR NOT EXISTS "${_tspy_tmp}/package/src/scanner.c")
    file(REMOVE_RECURSE "${_tspy_tmp}")
    message(FATAL_ERROR "tree-sitter-python: the tarball has no src/parser.c or src/scanner.c")
  endif()
  # Move into place only once complete, so an interrupted fetch never looks cached.
  file(RENAME "${_tspy_tmp}" "${_tspy_cache}")
endif()

set(WARDEN_TSPY_SOURCE_DIR "${_tspy_src}")
