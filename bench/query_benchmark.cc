// Timing a query mix (bench/query_benchmark.h).
#include "bench/query_benchmark.h"

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/report.h"
#include "morgue/error.h"

namespace morgue::bench {

namespace {

// The search classes together form the "mix" row (issue 5's 40-query mix).
bool IsSearchClass(const std::string& cls) {
  return cls != "facets" && cls != "histogram" && cls != "export";
}

struct ClassStats {
  size_t queries = 0;
  std::vector<double> micros;  // one per timed run
};

ClassLatency Summarise(const std::string& name, const ClassStats& stats) {
  ClassLatency s;
  s.name = name;
  s.queries = stats.queries;
  s.runs = stats.micros.size();
  std::vector<double> v = stats.micros;
  if (v.empty()) return s;
  s.p50 = Percentile(v, 50);
  s.p95 = Percentile(v, 95);
  s.p99 = Percentile(v, 99);
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  s.max = v.back();  // Percentile sorted v
  return s;
}

}  // namespace

std::string ReadQueryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot read the query file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

QueryBenchmarkResult RunQueryBenchmark(const Archive& archive,
                                       const std::vector<BenchQuery>& queries, unsigned repeat,
                                       bool snippets, const RankingOptions& ranking) {
  if (repeat < 1) throw Error(ErrorCode::kInvalidArgument, "--repeat must be at least 1");
  if (queries.empty()) throw Error(ErrorCode::kInvalidArgument, "the query file holds no queries");
  QueryBenchmarkResult result;
  result.load_before = ReadMachineInfo().load_average;
  std::map<std::string, ClassStats> stats;
  for (const auto& q : queries) ++stats[q.cls].queries;
  // Untimed warm-up, twice: the first run of each query opens readers and
  // fills caches; a reader reads a value slot whole the second time it
  // tallies it (facets, histograms: query/value_columns.h), which must not
  // land in a timed run. A query that fails names its line.
  for (int round = 0; round < 2; ++round) {
    for (const auto& q : queries) {
      try {
        ExecuteBenchQuery(archive, q, snippets, ranking);
      } catch (const Error& e) {
        if (q.where.empty()) throw;
        throw Error(e.code(), q.where + ": " + e.what()).WithPosition(e.position());
      }
    }
  }
  for (unsigned r = 0; r < repeat; ++r) {
    for (const auto& q : queries) {
      auto start = std::chrono::steady_clock::now();
      ExecuteBenchQuery(archive, q, snippets, ranking);
      double us =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count();
      stats[q.cls].micros.push_back(us);
    }
  }
  std::vector<std::string> order = BenchClasses(queries);
  ClassStats mix;
  for (const auto& cls : order) {
    result.classes.push_back(Summarise(cls, stats[cls]));
    if (!IsSearchClass(cls)) continue;
    mix.queries += stats[cls].queries;
    mix.micros.insert(mix.micros.end(), stats[cls].micros.begin(), stats[cls].micros.end());
  }
  if (mix.queries > 0 && mix.queries != queries.size())
    result.classes.push_back(Summarise("mix", mix));
  if (stats.count("free") && stats.count("date")) {
    double free_p50 = Summarise("free", stats["free"]).p50;
    double date_p50 = Summarise("date", stats["date"]).p50;
    if (free_p50 > 0 && date_p50 > 0) result.date_over_free_p50 = date_p50 / free_p50;
  }
  return result;
}

}  // namespace morgue::bench
