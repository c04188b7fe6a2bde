// `morgue bench index`: index a corpus into a fresh archive, once or several
// times, and measure the wall time, the archive's size and the peak memory.
// The caller says how to index (the CLI passes its read -> batch -> Add
// pipeline, cli/index_pipeline.h); this times it and never prints.
#ifndef MORGUE_BENCH_INDEX_BENCHMARK_H_
#define MORGUE_BENCH_INDEX_BENCHMARK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "morgue/archive.h"

namespace morgue::bench {

// What one indexing of the corpus read.
struct IndexCounts {
  uint64_t read = 0;     // articles read (and committed)
  uint64_t skipped = 0;  // records the readers refused
};

// Indexes the corpus into `archive` (freshly created, empty). Throws what
// indexing throws (morgue::Error).
using IndexCorpusFn = std::function<IndexCounts(Archive& archive)>;

// What a peer engine built from the same corpus beside a run (SQLite FTS5:
// bench/ranking_fts5.h; plain Xapian: bench/xapian_peer.h). `seconds` is
// measured by the benchmark.
struct PeerRun {
  double seconds = 0;
  uint64_t rows = 0;   // documents the peer holds
  uint64_t bytes = 0;  // its files on disk
};

// Builds the peer's index of the corpus in `dir` (an empty temporary
// directory, removed after). Throws on failure.
using PeerIndexFn = std::function<PeerRun(const std::string& dir)>;

struct Peer {
  std::string name;   // its key in reports ("fts5", "xapian")
  std::string label;  // its name in text ("sqlite fts5")
  std::string unit;   // what PeerRun::rows counts ("rows", "documents")
  PeerIndexFn build;
};

struct IndexBenchmarkOptions {
  // Where to index: absent or empty, kept afterwards. "": a temporary
  // directory per run, removed after it.
  std::string archive_dir;
  unsigned runs = 1;     // at least 1; above 1 needs archive_dir ""
  unsigned shards = 2;   // ArchiveOptions::shards
  bool compact = false;  // also time Archive::Compact after each run
  // Each run also times each peer building its index from the same corpus,
  // the peers going first or last alternating from run to run (morgue
  // first in the first) and their own order turning, so that the machine's
  // noise hits all alike. They run in this process: its peak memory
  // (IndexBenchmarkResult::peak_rss_bytes) is then theirs too.
  std::vector<Peer> peers;
};

// Bytes on disk of an archive, by component.
struct ArchiveBytes {
  uint64_t store = 0, xapian = 0, total = 0;
};

// One timed run: open, index, close (the close flushes the store: it is
// timed too), then optionally a timed Compact.
struct IndexRun {
  double seconds = 0;
  IndexCounts counts;
  ArchiveBytes bytes;
  double compact_seconds = 0;  // with options.compact
  ArchiveBytes compacted;      // with options.compact
  std::vector<PeerRun> peers;  // one per options.peers, in that order
};

struct IndexBenchmarkResult {
  std::string load_before;     // /proc/loadavg before the first run
  std::vector<IndexRun> runs;  // in run order
  double median_seconds = 0;
  std::vector<double> peer_median_seconds;  // one per options.peers
  size_t median_run = 0;                    // index in runs of a run whose time is the median
  uint64_t peak_rss_bytes = 0;              // of this process, after the runs

  const IndexRun& median() const { return runs[median_run]; }
};

// Runs the benchmark. Throws morgue::Error(kInvalidArgument) for runs 0, or
// runs above 1 with an archive_dir; kIO when no temporary directory can be
// made; and what `index` and Archive throw. A temporary archive is removed
// on failure too.
IndexBenchmarkResult RunIndexBenchmark(const IndexBenchmarkOptions& options,
                                       const IndexCorpusFn& index);

// The sizes of the archive in `dir` (Archive::Stats); zeros when it cannot
// be opened. Never throws.
ArchiveBytes MeasureArchive(const std::string& dir);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_INDEX_BENCHMARK_H_
