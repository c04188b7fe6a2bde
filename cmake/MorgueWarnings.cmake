# The compiler warnings of every morgue target, set here once:
#   morgue_warnings(<target>)
# adds them to the target (PRIVATE: they never reach a program that links morgue).
#
#  -DMORGUE_WERROR=ON  turns every warning into an error. Off by default, so a
#                      newer compiler's new warning never stops a user's build;
#                      scripts/build and scripts/test-sanitize (so CI) turn it on.
option(MORGUE_WERROR "Treat compiler warnings as errors" OFF)

set(MORGUE_WARNING_FLAGS -Wall -Wextra)
if(MORGUE_WERROR)
  list(APPEND MORGUE_WARNING_FLAGS -Werror)
endif()

function(morgue_warnings target)
  target_compile_options(${target} PRIVATE ${MORGUE_WARNING_FLAGS})
endfunction()
