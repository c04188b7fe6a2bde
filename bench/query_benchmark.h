// `morgue bench query`: warm query latency per query class on an archive.
// Every query runs twice untimed to warm the caches (a reader's value
// columns are read whole on a slot's second tally), then `repeat` timed
// rounds run every query once each (interleaved, so that no query gets a hotter cache).
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

// The latency of one class (or of "mix", the search classes together), in
// microseconds.
struct ClassLatency {
  std::string name;
  size_t queries = 0;  // queries of the class in the mix
  size_t runs = 0;     // timed runs
  double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;
};

struct QueryBenchmarkResult {
  std::string load_before;  // /proc/loadavg before the runs
  // The classes in first-appearance order, then "mix" (every search class)
  // when the mix has search classes and others.
  std::vector<ClassLatency> classes;
  // p50 of "date" over p50 of "free", when the mix has both.
  std::optional<double> date_over_free_p50;
};

// Runs `queries` (not empty) on `archive`; search classes compute snippets
// unless `snippets` is false. Throws morgue::Error(kInvalidArgument) for
// repeat 0 or no queries, and what the Archive methods throw (during the
// warm-up, its message starting with the query's BenchQuery::where).
QueryBenchmarkResult RunQueryBenchmark(const Archive& archive,
                                       const std::vector<BenchQuery>& queries, unsigned repeat,
                                       bool snippets, const RankingOptions& ranking = {});

// The contents of the query file `path`. Throws morgue::Error(kNotFound)
// when it cannot be read.
std::string ReadQueryFile(const std::string& path);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_QUERY_BENCHMARK_H_
