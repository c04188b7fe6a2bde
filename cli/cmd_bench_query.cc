// morgue bench query: warm query latency per class on an archive
// (the benchmark itself: bench/query_benchmark.h).
#include <memory>
#include <string>
#include <vector>

#include "bench/query_benchmark.h"
#include "bench/report.h"
#include "cli/cmd_bench.h"
#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

int BenchQueryCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench query options");
  std::string archive_dir, compare_dir, query_file, format_name;
  unsigned repeat = 20, concurrency = 1;
  RankingOptions ranking;
  std::string fields, default_op;
  options.add_options()("archive,a", po::value(&archive_dir), "archive directory")(
      "queries,q", po::value(&query_file),
      "query file, `class<TAB>query` lines (default: the Reuters mix, bench/queries/reuters.tsv)")(
      "repeat,r", UnsignedValue(&repeat), "timed runs of each query, after one warm-up run")(
      "no-snippets", "search classes without snippets (to see what snippets cost)")(
      "concurrency,j", UnsignedValue(&concurrency),
      "threads searching the archive at once (1..256), and as many plain Xapian runners")(
      "no-peer", "morgue alone, without plain Xapian over the same shards beside it")(
      "compare-archive", po::value(&compare_dir),
      "a second archive (one archive beside a cluster of the same articles) running every query "
      "in the same rounds, reported beside --archive")(
      "fields", po::value(&fields)->default_value(ranking.combine_fields ? "combined" : "separate"),
      "ranking of the search classes, as morgue search's (docs/ranking.md): combined | separate")(
      "k1", DoubleValue(&ranking.bm25_k1),
      "BM25 k1, as morgue search's")("b", DoubleValue(&ranking.bm25_b),
                                     "BM25 b, as morgue search's")(
      "b-ored", DoubleValue(&ranking.bm25_b_ored),
      "BM25 b with --default-op or, as morgue search's")("proximity-weight",
                                                         DoubleValue(&ranking.proximity_weight),
                                                         "as morgue search's")(
      "default-op", po::value(&default_op)->default_value("and"),
      "and | or: words side by side in every query ANDed or ORed, as morgue search's")(
      "headline-weight", DoubleValue(&ranking.headline_weight), "as morgue search's")(
      "list",
      "print the query mix that would run (with --archive: the broad queries chosen from it) and "
      "exit")("format", po::value(&format_name)->default_value("text"), "text | json");
  po::variables_map vm;
  if (!ParseArgs(args, "morgue bench query --archive DIR [--queries FILE] [--repeat N]", options,
                 {}, &vm)) {
    return kExitOk;
  }
  std::string contents =
      query_file.empty() ? bench::DefaultBenchQueries() : bench::ReadQueryFile(query_file);
  if (vm.count("list") && archive_dir.empty()) {
    TextPrinter().Write(contents);
    return kExitOk;
  }
  if (archive_dir.empty()) throw UsageError("the option '--archive' is required");
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
  if (repeat < 1) throw UsageError("--repeat must be at least 1");
  if (concurrency < 1 || concurrency > bench::kMaxConcurrency) {
    throw UsageError("--concurrency must be 1 to " + std::to_string(bench::kMaxConcurrency) +
                     ", not " + std::to_string(concurrency));
  }
  auto queries =
      bench::ParseBenchQueries(contents, query_file.empty() ? "default mix" : query_file);
  if (queries.empty()) throw UsageError("the query file holds no queries");

  if (fields == "combined") ranking.combine_fields = true;
  else if (fields == "separate") ranking.combine_fields = false;
  else throw UsageError("--fields must be combined or separate");
  if (default_op != "and" && default_op != "or") {
    throw UsageError("--default-op must be and or or");
  }
  if (!vm["b"].defaulted() && vm["b-ored"].defaulted()) ranking.bm25_b_ored = ranking.bm25_b;
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  bench::ExpandArchiveQueries(*archive, &queries);
  if (vm.count("list")) {
    TextPrinter text;
    for (const auto& q : queries) {
      text.Printf("%s%s%s\t%s\n", q.cls.c_str(), q.param.empty() ? "" : ":", q.param.c_str(),
                  q.text.c_str());
    }
    return kExitOk;
  }
  if (queries.empty()) throw UsageError("the archive gives no queries for the mix");
  bench::QueryBenchmarkOptions bench_options;
  bench_options.repeat = repeat;
  bench_options.snippets = vm.count("no-snippets") == 0;
  bench_options.concurrency = concurrency;
  bench_options.ranking = ranking;
  bench_options.default_and = default_op == "and";
  if (vm.count("no-peer") == 0) bench_options.peer_archive_dir = archive_dir;
  std::unique_ptr<Archive> compared;
  if (vm.count("compare-archive") && compare_dir.empty()) {
    throw UsageError("--compare-archive needs an archive directory");
  }
  if (!compare_dir.empty()) {
    compared = Archive::Open(compare_dir, OpenMode::kReadOnly);
    bench_options.compare = compared.get();
  }
  const bool snippets = bench_options.snippets;
  bench::QueryBenchmarkResult result = bench::RunQueryBenchmark(*archive, queries, bench_options);
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
    j["concurrency"] = result.concurrency;
    j["search_qps"] = result.search_qps;
    if (!bench_options.peer_archive_dir.empty()) {
      j["xapian_search_qps"] = result.peer_search_qps;
      j["xapian_skipped"] = result.peer_skipped;
    }
    if (compared) {
      j["compared_archive"] = compare_dir;
      j["compared_articles"] = compared->ArticleCount();
      j["compared_search_qps"] = result.compared_search_qps;
    }
    j["classes"] = nlohmann::json::array();
    for (const auto& s : result.classes) {
      nlohmann::json c = {{"class", s.name},   {"queries", s.queries}, {"runs", s.runs},
                          {"p50_us", s.p50},   {"p95_us", s.p95},      {"p99_us", s.p99},
                          {"mean_us", s.mean}, {"max_us", s.max},      {"results", s.results}};
      auto latency = [](const bench::Latency& l) {
        return nlohmann::json{{"runs", l.runs},      {"p50_us", l.p50},   {"p95_us", l.p95},
                              {"p99_us", l.p99},     {"mean_us", l.mean}, {"max_us", l.max},
                              {"results", l.results}};
      };
      if (s.peer) c["xapian"] = latency(*s.peer);
      if (s.compared) c["compared"] = latency(*s.compared);
      j["classes"].push_back(c);
    }
    if (result.date_over_free_p50) j["date_over_free_p50"] = *result.date_over_free_p50;
    j["peak_rss_bytes"] = bench::PeakRssBytes();
    JsonPrinter().Print(j);
    return kExitOk;
  }
  TextPrinter text;
  text.Printf(
      "morgue bench query: %s, %llu articles, %u timed runs per query, %u thread(s) at once\n",
      archive_dir.c_str(), static_cast<unsigned long long>(archive->ArticleCount()), repeat,
      result.concurrency);
  if (compared) {
    text.Printf("compared with %s, %llu articles, in the same rounds\n", compare_dir.c_str(),
                static_cast<unsigned long long>(compared->ArticleCount()));
  }
  text.Printf("%s (before: %s)\n\n", bench::EnvironmentLine().c_str(), load_before.c_str());
  const bool peer = !bench_options.peer_archive_dir.empty();
  text.Printf("%-12s %7s %10s %10s %10s %10s %10s %8s", "class", "queries", "p50 us", "p95 us",
              "p99 us", "mean us", "max us", "results");
  if (compared) {
    text.Printf(" | %11s %11s %8s %7s %7s", "compared p50", "compared p95", "results", "p50 x",
                "p95 x");
  }
  if (peer) text.Printf(" | %11s %11s %8s %7s", "xapian p50", "xapian p95", "results", "p50 x");
  text.Printf("\n");
  std::vector<std::string> differ;
  for (const auto& s : result.classes) {
    text.Printf("%-12s %7zu %10.0f %10.0f %10.0f %10.0f %10.0f %8llu", s.name.c_str(), s.queries,
                s.p50, s.p95, s.p99, s.mean, s.max, static_cast<unsigned long long>(s.results));
    if (s.compared) {
      text.Printf(" | %11.0f %11.0f %8llu %6.2fx %6.2fx", s.compared->p50, s.compared->p95,
                  static_cast<unsigned long long>(s.compared->results),
                  s.compared->p50 > 0 ? s.p50 / s.compared->p50 : 0.0,
                  s.compared->p95 > 0 ? s.p95 / s.compared->p95 : 0.0);
      if (s.compared->results != s.results) differ.push_back(s.name);
    }
    if (s.peer && s.peer->runs > 0) {
      text.Printf(" | %11.0f %11.0f %8llu %6.2fx", s.peer->p50, s.peer->p95,
                  static_cast<unsigned long long>(s.peer->results),
                  s.peer->p50 > 0 ? s.p50 / s.peer->p50 : 0.0);
    }
    text.Printf("\n");
  }
  text.Printf("\nsearches/s (%u thread(s)): morgue %.0f", result.concurrency, result.search_qps);
  if (compared) text.Printf(", the compared archive %.0f", result.compared_search_qps);
  if (peer) text.Printf(", plain Xapian %.0f", result.peer_search_qps);
  text.Printf("\n");
  for (const auto& name : differ) {
    text.Printf("%s: the compared archive gave other results (not the same articles?)\n",
                name.c_str());
  }
  for (const auto& skipped : result.peer_skipped) {
    text.Printf("plain Xapian left out %s\n", skipped.c_str());
  }
  if (result.date_over_free_p50) {
    text.Printf("\ndate / free p50: %.2fx\n", *result.date_over_free_p50);
  }
  return kExitOk;
}

}  // namespace morgue::cli
