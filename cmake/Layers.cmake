# Layers: one static library per folder of src/ (ck_common, ck_core, … ck_cli), each allowed
# to use only the layers and libraries its ck_layer() call names (see src/README.md).
#
# The boundary is real in three places:
# - compiling: a layer's include root is a folder generated here, build/layers/<layer>/,
#   holding one symbolic link per layer it may use (build/layers/app/store -> src/store …).
#   There is no -I src/, so `#include "store/store.h"` in a layer without store/ in its root
#   finds no such file;
# - linking: every layer is linked whole into a small program (ck_linkcheck_<layer>) with
#   only the layers and libraries it may use, so a call upward is an undefined reference;
# - libraries: the test layers.symbols checks that each layer calls into only the libraries
#   its own ck_layer() names (sqlite3 only from store/, SDL only from ui/ …), which the
#   link cannot see because a static library brings its dependencies' libraries along.

set(CK_LAYER_ROOTS "${PROJECT_BINARY_DIR}/layers")
file(CONFIGURE OUTPUT "${CK_LAYER_ROOTS}/linkcheck.c"
     CONTENT "/* Generated: links one layer whole, to prove it needs nothing above it. */\n\
int main(void)\n{\n    return 0;\n}\n")

# ck_layer(<name> [USES <layers below it…>] [LIBS <libraries it wraps…>])
function(ck_layer name)
  cmake_parse_arguments(L "" "" "USES;LIBS" ${ARGN})
  set(src "${PROJECT_SOURCE_DIR}/src")
  set(root "${CK_LAYER_ROOTS}/${name}")
  file(MAKE_DIRECTORY "${root}")
  file(GLOB old LIST_DIRECTORIES true "${root}/*")
  if(old)
    file(REMOVE ${old}) # the links only, never what they point at
  endif()
  foreach(layer IN ITEMS ${name} ${L_USES})
    file(CREATE_LINK "${src}/${layer}" "${root}/${layer}" SYMBOLIC)
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS "${src}/${name}/*.c")
  list(REMOVE_ITEM sources "${src}/cli/main.c")
  add_library(ck_${name} STATIC ${sources})
  target_include_directories(ck_${name} PRIVATE "${root}")
  target_compile_options(ck_${name} PRIVATE ${CK_WARNINGS})
  target_compile_definitions(ck_${name} PRIVATE ${CK_DEFINES})
  list(TRANSFORM L_USES PREPEND ck_ OUTPUT_VARIABLE deps)
  target_link_libraries(ck_${name} PRIVATE ${deps} ${L_LIBS})

  add_executable(ck_linkcheck_${name} "${CK_LAYER_ROOTS}/linkcheck.c")
  target_link_libraries(ck_linkcheck_${name} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,ck_${name}>")

  set_property(GLOBAL APPEND PROPERTY CK_LAYERS ${name})
  set_property(GLOBAL PROPERTY CK_LAYER_USES_${name} "${L_USES}")
  set_property(GLOBAL PROPERTY CK_LAYER_LIBS_${name} "${L_LIBS}")
endfunction()

# Compile target as code of <layer> would be (its include root) and link what that layer may
# use, not the layer itself: for probes standing in for a file of that layer.
function(ck_as_layer target layer)
  target_include_directories(${target} PRIVATE "${CK_LAYER_ROOTS}/${layer}")
  get_property(uses GLOBAL PROPERTY CK_LAYER_USES_${layer})
  get_property(libs GLOBAL PROPERTY CK_LAYER_LIBS_${layer})
  list(TRANSFORM uses PREPEND ck_)
  target_link_libraries(${target} PRIVATE ${uses} ${libs})
endfunction()

# Let target (a test) include and link exactly the given layers.
function(ck_use_layers target)
  foreach(layer IN LISTS ARGN)
    target_include_directories(${target} PRIVATE "${CK_LAYER_ROOTS}/${layer}")
    target_link_libraries(${target} PRIVATE ck_${layer})
  endforeach()
endfunction()
