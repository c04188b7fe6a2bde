// Archive::Terms and Archive::Kwic on the archive of bench/bench_fixtures.h
// (MORGUE_BENCH_ARCHIVE: Reuters-21578 for the numbers of docs/research.md).
// MORGUE_TERMS_QUERY (default "oil") is the query of both; docs/research.md
// gives the command lines.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "bench/bench_fixtures.h"

namespace morgue::bench {
namespace {

std::string ResearchQuery() {
  const char* q = std::getenv("MORGUE_TERMS_QUERY");
  return q && *q ? q : "oil";
}

// The top 20 words and phrases of the body, copies collapsed (the defaults).
void BM_Terms(benchmark::State& state) {
  const Archive& archive = BenchArchive();
  SearchRequest request;
  request.query = ResearchQuery();
  TermsOptions options;
  options.phrases = state.range(0) != 0;
  uint64_t counted = 0;
  for (auto _ : state) counted = archive.Terms(request, options).documents;
  state.counters["counted_articles"] = static_cast<double>(counted);
}
BENCHMARK(BM_Terms)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every concordance line of the query, width 40; items are lines.
void BM_Kwic(benchmark::State& state) {
  const Archive& archive = BenchArchive();
  SearchRequest request;
  request.query = ResearchQuery();
  request.sort = SortOrder::kOldest;
  uint64_t lines = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    lines += archive.Kwic(request, {}, [&](const KwicLine& l) {
      bytes += l.left.size() + l.match.size() + l.right.size();
      return true;
    });
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(lines));
}
BENCHMARK(BM_Kwic)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace morgue::bench
