// `morgue bench query`: warm query latency per query class on an archive,
// and beside it plain Xapian over the same shards (bench/xapian_peer.h).
// Every query runs twice untimed to warm the caches (a reader's value
// columns are read whole on a slot's second tally), then `repeat` timed
// rounds run every query once each (interleaved, so that no query gets a
// hotter cache). In each round the search classes run on morgue and on the
// peer one after the other, which goes first alternating from round to
// round, so that the machine's noise hits both alike; the other classes
// (facets, histogram, export) run after them, on morgue alone.
// With concurrency N, each of these phases is N threads running the round's
// queries at once on the one Archive (each thread starting at another place
// in the mix), and N peers, each its own thread and databases.
// Never prints.
#ifndef MORGUE_BENCH_QUERY_BENCHMARK_H_
#define MORGUE_BENCH_QUERY_BENCHMARK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/query_mix.h"
#include "morgue/archive.h"

namespace morgue::bench {

// The most threads `--concurrency` takes.
inline constexpr unsigned kMaxConcurrency = 256;

struct QueryBenchmarkOptions {
  unsigned repeat = 20;  // timed rounds, at least 1
  bool snippets = true;  // search classes compute snippets
  // Threads searching at once (1..kMaxConcurrency), for morgue and for the peer.
  unsigned concurrency = 1;
  // Not empty: the archive's directory, whose shards plain Xapian searches
  // beside morgue (XapianPeer); empty: morgue alone.
  std::string peer_archive_dir;
  // Not null: a second archive (a cluster beside one archive holding the same
  // articles, an archive built another way) that runs every query of the mix
  // too, every class, in the same rounds, which of the two goes first
  // alternating; ClassLatency::compared. Not owned; must outlive the call.
  const Archive* compare = nullptr;
  // How morgue ranks the search classes' queries (the peer keeps its BM25).
  RankingOptions ranking;
  // Words side by side ANDed (true) or ORed in every class's queries, as
  // SearchRequest::default_and (the peer keeps its QueryParser's).
  bool default_and = true;
};

// The latency of one class (or of "mix", the search classes together), in
// microseconds.
struct Latency {
  size_t runs = 0;  // timed runs
  double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;
  // Results (hits, facet values, bins, articles) of one run of each of the
  // class's queries, summed; the same in every run (checked).
  uint64_t results = 0;
};

struct ClassLatency {
  std::string name;
  size_t queries = 0;                                   // queries of the class in the mix
  size_t runs = 0;                                      // timed runs of morgue
  double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;  // morgue
  uint64_t results = 0;                                 // morgue, as Latency::results
  // Plain Xapian, for the search classes when a peer ran (over the queries
  // it could run: QueryBenchmarkResult::peer_skipped lists the others).
  std::optional<Latency> peer;
  // The compared archive (QueryBenchmarkOptions::compare), every class.
  std::optional<Latency> compared;
};

struct QueryBenchmarkResult {
  std::string load_before;  // /proc/loadavg before the runs
  unsigned concurrency = 1;
  // The classes in first-appearance order, then "mix" (every search class)
  // when the mix has search classes and others.
  std::vector<ClassLatency> classes;
  // p50 of "date" over p50 of "free", when the mix has both.
  std::optional<double> date_over_free_p50;
  // Search queries per second during the timed search phases (all threads
  // together), morgue and the peer; 0 when there were none.
  double search_qps = 0, peer_search_qps = 0, compared_search_qps = 0;
  // Queries the peer could not run ("FILE:LINE: query: why"), left out of its numbers.
  std::vector<std::string> peer_skipped;
};

// Runs `queries` (not empty) on `archive` (and on options.compare). Throws morgue::Error
// (kInvalidArgument) for repeat 0, no queries or a concurrency outside
// 1..kMaxConcurrency; kInternal when a query gives another number of results
// in a timed run (on any thread) than in the warm-up: a wrong answer under
// concurrency; what XapianPeer's constructor throws; and what the Archive
// methods throw (during the warm-up, its message starting with the query's
// BenchQuery::where, after "the compared archive: " for options.compare's).
QueryBenchmarkResult RunQueryBenchmark(const Archive& archive,
                                       const std::vector<BenchQuery>& queries,
                                       const QueryBenchmarkOptions& options);

// The contents of the query file `path`. Throws morgue::Error(kNotFound)
// when it cannot be read.
std::string ReadQueryFile(const std::string& path);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_QUERY_BENCHMARK_H_
