#!/bin/sh
# Installs the built morgue into a temporary prefix, then builds the consumer
# program (tests/package/consumer/) against it twice, as other projects would:
# with CMake's find_package(morgue) and with pkg-config. Runs both on a fresh
# archive and compares their output with the expected lines. A broken install
# (a missing header, export, dependency or package file) fails this test.
#
#   run.sh <cmake> <c++ compiler> <morgue build dir> <work dir>
set -eu

if [ $# -ne 4 ]; then
  echo "usage: $0 <cmake> <c++ compiler> <morgue build dir> <work dir>" >&2
  exit 2
fi
CMAKE=$1
CXX=$2
BUILD=$3
WORK=$4
HERE=$(cd "$(dirname "$0")" && pwd)

rm -rf "$WORK"
mkdir -p "$WORK"
PREFIX=$WORK/prefix

echo "== cmake --install $BUILD --prefix $PREFIX"
"$CMAKE" --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log"

# Only the public headers are installed.
for header in "$PREFIX"/include/morgue/*.h; do
  case $(basename "$header") in
    archive.h|article.h|cluster.h|error.h|export.h|query.h|reader.h|research.h|search.h) ;;
    *) echo "unexpected installed header: $header" >&2; exit 1 ;;
  esac
done
if [ -d "$PREFIX/include/storage" ] || [ -d "$PREFIX/include/query" ]; then
  echo "internal headers were installed" >&2
  exit 1
fi

LIBDIR=$(dirname "$(find "$PREFIX" -name 'libmorgue.*' | head -n 1)")
EXPECTED="added 3
search oil: 2 a1 a3
count harvest OR refinery: 2
built oil AND NOT headline:refinery: 1 a1
articles: 3
missing archive: not found"

check() {  # check <name> <consumer binary>
  actual=$(LD_LIBRARY_PATH="$LIBDIR" "$2" "$WORK/$1.morgue")
  if [ "$actual" != "$EXPECTED" ]; then
    echo "$1 consumer printed:" >&2
    echo "$actual" >&2
    echo "expected:" >&2
    echo "$EXPECTED" >&2
    exit 1
  fi
  echo "$1 consumer: ok"
}

echo "== find_package(morgue)"
"$CMAKE" -S "$HERE/consumer" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$PREFIX" \
  -DCMAKE_CXX_COMPILER="$CXX" >"$WORK/cmake-configure.log"
"$CMAKE" --build "$WORK/cmake-build" >"$WORK/cmake-build.log"
check cmake "$WORK/cmake-build/consumer"

echo "== pkg-config morgue"
PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
export PKG_CONFIG_PATH
FLAGS=$(pkg-config --cflags --libs --static morgue)
echo "pkg-config --cflags --libs --static morgue: $FLAGS"
# shellcheck disable=SC2086 # the flags are words
"$CXX" -std=c++20 -o "$WORK/pkg-config-consumer" "$HERE/consumer/main.cc" $FLAGS
check pkg-config "$WORK/pkg-config-consumer"
