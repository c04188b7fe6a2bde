// morgue bench query: warm query latency per class on an archive
// (the benchmark itself: bench/query_benchmark.h).
#include "bench/query_benchmark.h"
#include "bench/report.h"
#include "cli/cmd_bench.h"
#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

int BenchQueryCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench query options");
  std::string archive_dir, query_file, format_name;
  unsigned repeat = 20;
  RankingOptions ranking;
  std::string fields;
  options.add_options()("archive,a", po::value(&archive_dir), "archive directory")(
      "queries,q", po::value(&query_file),
      "query file, `class<TAB>query` lines (default: the Reuters mix, bench/queries/reuters.tsv)")(
      "repeat,r", UnsignedValue(&repeat), "timed runs of each query, after one warm-up run")(
      "no-snippets", "search classes without snippets (to see what snippets cost)")(
      "fields", po::value(&fields)->default_value(ranking.combine_fields ? "combined" : "separate"),
      "ranking of the search classes, as morgue search's (docs/ranking.md): combined | separate")(
      "k1", po::value(&ranking.bm25_k1)->default_value(ranking.bm25_k1),
      "BM25 k1, as morgue search's")("b", po::value(&ranking.bm25_b)->default_value(ranking.bm25_b),
                                     "BM25 b, as morgue search's")(
      "headline-weight",
      po::value(&ranking.headline_weight)->default_value(ranking.headline_weight),
      "as morgue search's")("list", "print the query mix that would run and exit")(
      "format", po::value(&format_name)->default_value("text"), "text | json");
  po::variables_map vm;
  if (!ParseArgs(args, "morgue bench query --archive DIR [--queries FILE] [--repeat N]", options,
                 {}, &vm)) {
    return kExitOk;
  }
  std::string contents =
      query_file.empty() ? bench::DefaultBenchQueries() : bench::ReadQueryFile(query_file);
  if (vm.count("list")) {
    TextPrinter().Write(contents);
    return kExitOk;
  }
  if (archive_dir.empty()) throw UsageError("the option '--archive' is required");
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
  if (repeat < 1) throw UsageError("--repeat must be at least 1");
  auto queries =
      bench::ParseBenchQueries(contents, query_file.empty() ? "default mix" : query_file);
  if (queries.empty()) throw UsageError("the query file holds no queries");

  if (fields == "combined") ranking.combine_fields = true;
  else if (fields == "separate") ranking.combine_fields = false;
  else throw UsageError("--fields must be combined or separate");
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  bool snippets = vm.count("no-snippets") == 0;
  bench::QueryBenchmarkResult result =
      bench::RunQueryBenchmark(*archive, queries, repeat, snippets, ranking);
  const std::string& load_before = result.load_before;

  if (format == Format::kJson) {
    nlohmann::json j = bench::EnvironmentJson();
    j["benchmark"] = "query";
    j["load_average_before"] = load_before;
    j["archive"] = archive_dir;
    j["articles"] = archive->ArticleCount();
    j["queries_file"] = query_file.empty() ? "default" : query_file;
    j["repeat"] = repeat;
    j["snippets"] = snippets;
    j["classes"] = nlohmann::json::array();
    for (const auto& s : result.classes) {
      j["classes"].push_back({{"class", s.name},
                              {"queries", s.queries},
                              {"runs", s.runs},
                              {"p50_us", s.p50},
                              {"p95_us", s.p95},
                              {"p99_us", s.p99},
                              {"mean_us", s.mean},
                              {"max_us", s.max}});
    }
    if (result.date_over_free_p50) j["date_over_free_p50"] = *result.date_over_free_p50;
    j["peak_rss_bytes"] = bench::PeakRssBytes();
    JsonPrinter().Print(j);
    return kExitOk;
  }
  TextPrinter text;
  text.Printf("morgue bench query: %s, %llu articles, %u timed runs per query\n%s (before: %s)\n\n",
              archive_dir.c_str(), static_cast<unsigned long long>(archive->ArticleCount()), repeat,
              bench::EnvironmentLine().c_str(), load_before.c_str());
  text.Printf("%-12s %7s %10s %10s %10s %10s %10s\n", "class", "queries", "p50 us", "p95 us",
              "p99 us", "mean us", "max us");
  for (const auto& s : result.classes) {
    text.Printf("%-12s %7zu %10.0f %10.0f %10.0f %10.0f %10.0f\n", s.name.c_str(), s.queries, s.p50,
                s.p95, s.p99, s.mean, s.max);
  }
  if (result.date_over_free_p50) {
    text.Printf("\ndate / free p50: %.2fx\n", *result.date_over_free_p50);
  }
  return kExitOk;
}

}  // namespace morgue::cli
