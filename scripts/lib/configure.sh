# Sourced by the scripts that configure a build directory.
#
# configure_args DIR [clang]: sets the array `configure` to the options a new
# build directory DIR gets, none for one already configured (CMake keeps its
# generator and compiler, and refuses a different generator):
#   -G Ninja   when ninja is installed: it keeps both cores busy across
#              targets, where make's recursive Makefiles wait at each one
#              (426 s against 552 s for build/ on a 2-core machine)
#   clang++    with `clang`, when installed
configure_args() {
  configure=()
  if [ -f "$1/CMakeCache.txt" ]; then return; fi
  if command -v ninja >/dev/null 2>&1; then configure+=(-G Ninja); fi
  if [ "${2:-}" = clang ] && command -v clang++ >/dev/null 2>&1; then
    configure+=(-DCMAKE_CXX_COMPILER=clang++)
  fi
}
