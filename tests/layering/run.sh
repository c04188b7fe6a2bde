#!/usr/bin/env bash
# Tests scripts/check-includes: it passes on the real tree, and it fails,
# naming the file, on a copy of the tree with each kind of bad edge planted.
set -euo pipefail
source_dir=$1
check="$source_dir/scripts/check-includes"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$check" "$source_dir" >/dev/null || { echo "FAIL: the real tree breaks the layering"; "$check" "$source_dir"; exit 1; }

fails=0
# expect_refused FILE LINE: the copy with LINE added to FILE must fail, naming FILE.
expect_refused() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree"
  for d in corpus indexer storage query archive cli bench include examples; do
    [ -d "$source_dir/$d" ] && cp -r "$source_dir/$d" "$work/tree/$d"
  done
  printf '%s\n' "$2" >>"$work/tree/$1"
  if out=$("$check" "$work/tree" 2>&1); then
    echo "FAIL: $1 with '$2' passed"
    fails=1
  elif ! grep -qF "$1" <<<"$out"; then
    echo "FAIL: $1 with '$2' failed without naming the file: $out"
    fails=1
  fi
}
expect_refused corpus/article.cc '#include "indexer/document.h"'     # a folder above
expect_refused storage/store.cc '#include "query/searcher.h"'        # the old storage -> query cycle
expect_refused query/searcher.cc '#include "archive/archive_impl.h"' # query -> archive
expect_refused include/morgue/archive.h '#include "storage/store.h"' # a public header -> internals
expect_refused cli/main.cc '#include "query/parser.h"'               # the CLI past the public API
expect_refused archive/check.cc '#include <rocksdb/db.h>'            # RocksDB outside store.*
expect_refused include/morgue/search.h '#include <xapian.h>'         # Xapian in the public API
expect_refused query/compile.cc '#include <boost/program_options.hpp>'
exit $fails
