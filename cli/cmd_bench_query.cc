// morgue bench query: warm query latency per class on an archive.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/bench.h"
#include "cli/bench_queries.h"
#include "cli/bench_report.h"
#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// The search classes together form the "mix" row (issue 5's 40-query mix).
bool IsSearchClass(const std::string& cls) {
  return cls != "facets" && cls != "histogram" && cls != "export";
}

struct ClassStats {
  std::string name;
  size_t queries = 0;
  std::vector<double> micros;  // one per timed run
  uint64_t results = 0;        // summed over the timed runs
};

struct Summary {
  double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;
};

Summary Summarise(std::vector<double> v) {
  Summary s;
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

std::string ReadQueryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot read the query file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

int BenchQueryCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench query options");
  std::string archive_dir, query_file, format;
  unsigned repeat = 20;
  options.add_options()
      ("archive,a", po::value(&archive_dir), "archive directory")
      ("queries,q", po::value(&query_file),
       "query file, `class<TAB>query` lines (default: the Reuters mix, bench/queries/reuters.tsv)")
      ("repeat,r", UnsignedValue(&repeat), "timed runs of each query, after one warm-up run")
      ("no-snippets", "search classes without snippets (to see what snippets cost)")
      ("list", "print the query mix that would run and exit")
      ("format", po::value(&format)->default_value("text"), "text | json");
  po::variables_map vm;
  if (!ParseArgs(args, "morgue bench query --archive DIR [--queries FILE] [--repeat N]", options, {},
                 &vm)) {
    return kExitOk;
  }
  std::string contents = query_file.empty() ? DefaultBenchQueries() : ReadQueryFile(query_file);
  if (vm.count("list")) {
    std::cout << contents;
    return kExitOk;
  }
  if (archive_dir.empty()) throw UsageError("the option '--archive' is required");
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  if (repeat < 1) throw UsageError("--repeat must be at least 1");
  auto queries = ParseBenchQueries(contents, query_file.empty() ? "default mix" : query_file);
  if (queries.empty()) throw UsageError("the query file holds no queries");

  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  bool snippets = vm.count("no-snippets") == 0;
  std::string load_before = ReadMachineInfo().load_average;
  std::map<std::string, ClassStats> stats;
  for (const auto& q : queries) ++stats[q.cls].queries;
  for (const auto& q : queries) ExecuteBenchQuery(*archive, q, snippets);  // warm-up: caches, readers
  // Interleaved: every query once per round, so that no query gets a hotter cache.
  for (unsigned r = 0; r < repeat; ++r) {
    for (const auto& q : queries) {
      auto start = std::chrono::steady_clock::now();
      uint64_t results = ExecuteBenchQuery(*archive, q, snippets);
      double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
      stats[q.cls].micros.push_back(us);
      stats[q.cls].results += results;
    }
  }
  std::vector<std::string> order = BenchClasses(queries);
  ClassStats mix{"mix", 0, {}, 0};
  for (const auto& cls : order) {
    if (!IsSearchClass(cls)) continue;
    mix.queries += stats[cls].queries;
    mix.micros.insert(mix.micros.end(), stats[cls].micros.begin(), stats[cls].micros.end());
  }
  std::vector<const ClassStats*> rows;
  for (const auto& cls : order) {
    stats[cls].name = cls;
    rows.push_back(&stats[cls]);
  }
  bool show_mix = mix.queries > 0 && mix.queries != queries.size();
  if (show_mix) rows.push_back(&mix);
  double free_p50 = stats.count("free") ? Summarise(stats["free"].micros).p50 : 0;
  double date_p50 = stats.count("date") ? Summarise(stats["date"].micros).p50 : 0;

  if (format == "json") {
    nlohmann::json j = EnvironmentJson();
    j["benchmark"] = "query";
    j["load_average_before"] = load_before;
    j["archive"] = archive_dir;
    j["articles"] = archive->ArticleCount();
    j["queries_file"] = query_file.empty() ? "default" : query_file;
    j["repeat"] = repeat;
    j["snippets"] = snippets;
    j["classes"] = nlohmann::json::array();
    for (const auto* row : rows) {
      Summary s = Summarise(row->micros);
      j["classes"].push_back({{"class", row->name}, {"queries", row->queries},
                              {"runs", row->micros.size()}, {"p50_us", s.p50}, {"p95_us", s.p95},
                              {"p99_us", s.p99}, {"mean_us", s.mean}, {"max_us", s.max}});
    }
    if (free_p50 > 0 && date_p50 > 0) j["date_over_free_p50"] = date_p50 / free_p50;
    j["peak_rss_bytes"] = PeakRssBytes();
    std::cout << DumpJson(j, 2) << "\n";
    return kExitOk;
  }
  std::printf("morgue bench query: %s, %llu articles, %u timed runs per query\n%s (before: %s)\n\n",
              archive_dir.c_str(), static_cast<unsigned long long>(archive->ArticleCount()), repeat,
              EnvironmentLine().c_str(), load_before.c_str());
  std::printf("%-12s %7s %10s %10s %10s %10s %10s\n", "class", "queries", "p50 us", "p95 us",
              "p99 us", "mean us", "max us");
  for (const auto* row : rows) {
    Summary s = Summarise(row->micros);
    std::printf("%-12s %7zu %10.0f %10.0f %10.0f %10.0f %10.0f\n", row->name.c_str(), row->queries,
                s.p50, s.p95, s.p99, s.mean, s.max);
  }
  if (free_p50 > 0 && date_p50 > 0) {
    std::printf("\ndate / free p50: %.2fx\n", date_p50 / free_p50);
  }
  return kExitOk;
}

}  // namespace morgue::cli
