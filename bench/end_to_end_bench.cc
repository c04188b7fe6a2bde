// End-to-end benchmarks through the public Archive API: indexing the sample
// corpus into a fresh archive, and the query mix by class (free, phrase, date,
// entity, combination, facets, histogram, export) on the archive of
// bench/bench_fixtures.h (the sample, or MORGUE_BENCH_ARCHIVE).
#include <benchmark/benchmark.h>

#include "bench/bench_fixtures.h"

namespace morgue::bench {
namespace {

// Open a new archive, add the 16 sample articles (analysis, store, index,
// commit), close it.
void BM_IndexSample(benchmark::State& state) {
  const auto& sample = SampleArticles();
  ScratchDir dir;
  const std::string path = dir / "a.morgue";
  for (auto _ : state) {
    state.PauseTiming();  // removing the previous archive and copying the input are not timed
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    std::vector<Article> articles = sample;
    state.ResumeTiming();
    Archive::Open(path, OpenMode::kCreate)->Add(std::move(articles));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sample.size()));
}
BENCHMARK(BM_IndexSample)->Unit(benchmark::kMillisecond)->UseRealTime();

// One query of the class per iteration, cycling through the class's queries:
// the time per iteration is the class's mean latency.
void BM_QueryClass(benchmark::State& state, const std::string& cls) {
  const Archive& archive = BenchArchive();
  std::vector<BenchQuery> queries;
  for (const auto& q : BenchQueries()) {
    if (q.cls == cls) queries.push_back(q);
  }
  for (const auto& q : queries) ExecuteBenchQuery(archive, q);  // warm
  size_t i = 0;
  uint64_t results = 0;
  for (auto _ : state) results += ExecuteBenchQuery(archive, queries[i++ % queries.size()]);
  state.counters["queries"] = static_cast<double>(queries.size());
  state.counters["results_per_query"] =
      state.iterations() ? static_cast<double>(results) / static_cast<double>(state.iterations())
                         : 0;
}

// BM_Query/<class> for every class of the mix, registered before main runs.
const bool kRegistered = [] {
  for (const auto& cls : BenchClasses(BenchQueries())) {
    benchmark::RegisterBenchmark(("BM_Query/" + cls).c_str(), BM_QueryClass, cls)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
}  // namespace morgue::bench
