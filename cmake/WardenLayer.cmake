# warden_add_layer(NAME [generated.cpp...] [USES layer...] [PUBLIC_LIBRARIES lib...] [PRIVATE_LIBRARIES lib...])
#
# One folder of the pipeline as an OBJECT library `warden_NAME` of the folder's *.cpp (and of
# any generated sources given before the keywords). Its headers are included by bare name
# ("source.hpp"), and the only include directories a layer sees are its own folder, those of
# the layers it USES (transitively) and the public headers engine/include: an #include that
# runs back up the pipeline does not compile. libwarden
# links every layer (WARDEN_LAYERS, a global property, in the order they were added).
function(warden_add_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 LAYER "" "" "USES;PUBLIC_LIBRARIES;PRIVATE_LIBRARIES")
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  set(target "warden_${name}")
  add_library(${target} OBJECT ${sources} ${LAYER_UNPARSED_ARGUMENTS})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE ${WARDEN_WARNINGS})
  target_link_libraries(${target} PUBLIC warden_public_headers)
  foreach(used IN LISTS LAYER_USES)
    target_link_libraries(${target} PUBLIC "warden_${used}")
  endforeach()
  target_link_libraries(${target} PUBLIC ${LAYER_PUBLIC_LIBRARIES} PRIVATE ${LAYER_PRIVATE_LIBRARIES})
  set_property(GLOBAL APPEND PROPERTY WARDEN_LAYERS ${target})
  set_property(GLOBAL APPEND PROPERTY WARDEN_LAYER_DIRS "${CMAKE_CURRENT_SOURCE_DIR}")
endfunction()
