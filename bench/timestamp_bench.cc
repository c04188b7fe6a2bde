#include <benchmark/benchmark.h>

#include "morgue/article.h"

static void BM_ParseIso8601(benchmark::State& state) {
  for (auto _ : state) {
    auto t = morgue::Timestamp::ParseIso8601("1987-02-26T15:01:01.790Z");
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_ParseIso8601);
