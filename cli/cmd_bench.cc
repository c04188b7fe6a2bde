// morgue bench: benchmarks a researcher runs on their own corpus and machine.
// This file dispatches the subcommands and implements `morgue bench index`
// (the benchmark itself: bench/index_benchmark.h).

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench/index_benchmark.h"
#include "bench/ranking_fts5.h"
#include "bench/report.h"
#include "bench/xapian_peer.h"
#include "cli/cmd_bench.h"
#include "cli/command.h"
#include "cli/index_pipeline.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue::cli {

namespace {

namespace fs = std::filesystem;

const char kBenchUsage[] =
    "usage: morgue bench <index|query|generate> [options]\n\n"
    "  index     index a corpus into a fresh archive: articles/s, MB/s, peak memory, archive size\n"
    "  query     warm query latency (p50/p95/p99) per query class on an archive\n"
    "  generate  write a synthetic JSON Lines corpus shaped like a real one (for scaling runs)\n\n"
    "'morgue bench <subcommand> --help' describes its options; docs/performance.md the method.\n";

nlohmann::json SizesJson(const bench::ArchiveBytes& s) {
  return {{"store", s.store}, {"xapian", s.xapian}, {"total", s.total}};
}

std::string SizesText(const bench::ArchiveBytes& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "store %.1f MB, xapian %.1f MB, total %.1f MB", s.store / 1e6,
                s.xapian / 1e6, s.total / 1e6);
  return buf;
}

}  // namespace

int RunBench(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kBenchUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "index") return BenchIndexCommand(rest);
  if (args[0] == "query") return BenchQueryCommand(rest);
  if (args[0] == "generate") return BenchGenerateCommand(rest);
  const std::string closest = DidYouMean(args[0], {"index", "query", "generate"});
  throw UsageError("unknown subcommand \"" + args[0] + "\"" +
                   (closest.empty() ? "" : "; did you mean \"" + closest + "\"?") +
                   " (expected index, query or generate)");
}

int BenchIndexCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench index options");
  std::vector<std::string> paths;
  std::string archive_dir, format_name, input_format;
  unsigned threads = 2, runs = 1;
  options.add_options()("corpus,c", po::value(&paths)->required()->multitoken(),
                        "files or directories to index")(
      "threads,t", UnsignedValue(&threads), "index shards written in parallel (1..64)")(
      "archive,a", po::value(&archive_dir),
      "archive directory, absent or empty, kept afterwards (default: a temp dir, removed after)")(
      "runs", UnsignedValue(&runs), "index this many times, report the median time")(
      "compact", "also time `morgue compact` and report the compacted size")(
      "fts5",
      "beside each run, SQLite FTS5 (porter) builds its table from the same files, which goes "
      "first alternating: its time, size and morgue's time over it")(
      "xapian",
      "beside each run, plain Xapian indexes the same files' headlines and bodies with "
      "positions in --threads databases at once (nothing else morgue adds: the floor of what "
      "Xapian costs): its time, size and morgue's time over it")(
      "input-format", po::value(&input_format)->default_value("auto"),
      "auto, text, jsonl, csv, reuters")("format", po::value(&format_name)->default_value("text"),
                                         "text | json");
  po::positional_options_description positional;
  positional.add("corpus", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue bench index --corpus PATH... [--threads N] [--archive DIR]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
  if (runs < 1) throw UsageError("--runs must be at least 1");
  if (!archive_dir.empty()) {
    std::error_code ec;
    if (fs::exists(archive_dir, ec) && !fs::is_empty(archive_dir, ec)) {
      throw UsageError("--archive " + archive_dir +
                       " must be absent or empty: the benchmark "
                       "indexes into a fresh archive");
    }
    if (runs > 1) throw UsageError("--runs above 1 needs the default temporary archive");
  }
  for (const auto& p : paths) {
    if (!fs::exists(p)) throw Error(ErrorCode::kNotFound, "no such corpus path: " + p);
  }
  ReadOptions read_options;
  read_options.format = ParseFormat(input_format);
  uint64_t input_bytes = 0;
  for (const auto& p : paths) input_bytes += PathSize(p);

  bench::IndexBenchmarkOptions bench_options;
  bench_options.archive_dir = archive_dir;
  bench_options.runs = runs;
  bench_options.shards = threads;
  bench_options.compact = vm.count("compact") > 0;
  if (vm.count("fts5")) {
    bench_options.peers.push_back({"fts5", "sqlite fts5", "rows", [&](const std::string& dir) {
                                     bench::Fts5Build build =
                                         bench::BuildFts5File(paths, read_options,
                                                              (fs::path(dir) / "fts5.db").string());
                                     return bench::PeerRun{0, build.rows, build.bytes};
                                   }});
  }
  if (vm.count("xapian")) {
    bench_options.peers.push_back(
        {"xapian", "plain xapian", "documents", [&](const std::string& dir) {
           bench::XapianBuild build = bench::BuildXapianIndex(paths, read_options, dir, threads);
           return bench::PeerRun{0, build.rows, build.bytes};
         }});
  }
  const std::vector<bench::Peer>& peers = bench_options.peers;
  bench::IndexBenchmarkResult result =
      bench::RunIndexBenchmark(bench_options, [&](Archive& archive) {
        IndexTotals totals = IndexPaths(archive, paths, read_options, BatchLimits{}, nullptr,
                                        [](const ReadIssue& issue) {
                                          std::cerr << "morgue bench index: skipped "
                                                    << issue.ToString() << "\n";
                                        });
        return bench::IndexCounts{totals.read, totals.skipped};
      });
  const bench::IndexRun* mid = &result.median();
  auto over = [&](size_t p) {
    const double peer = result.peer_median_seconds[p];
    return peer > 0 ? result.median_seconds / peer : 0.0;
  };
  double median = result.median_seconds;
  std::vector<double> times;
  for (const auto& r : result.runs) times.push_back(r.seconds);
  double rate = median > 0 ? mid->counts.read / median : 0;
  double mb_rate = median > 0 ? input_bytes / 1e6 / median : 0;
  uint64_t peak = result.peak_rss_bytes;
  const std::string& load_before = result.load_before;

  if (format == Format::kJson) {
    nlohmann::json j = bench::EnvironmentJson();
    j["benchmark"] = "index";
    j["load_average_before"] = load_before;
    j["corpus"] = {{"paths", paths}, {"bytes", input_bytes}};
    j["threads"] = threads;
    j["runs"] = nlohmann::json::array();
    for (const auto& r : result.runs) j["runs"].push_back(r.seconds);
    j["articles"] = mid->counts.read;
    j["skipped"] = mid->counts.skipped;
    j["seconds"] = median;
    j["articles_per_second"] = rate;
    j["mb_per_second"] = mb_rate;
    j["peak_rss_bytes"] = peak;
    j["peak_rss_includes_peers"] = !peers.empty();
    j["archive_bytes"] = SizesJson(mid->bytes);
    if (vm.count("compact")) {
      j["compact_seconds"] = mid->compact_seconds;
      j["compacted_bytes"] = SizesJson(mid->compacted);
    }
    for (size_t p = 0; p < peers.size(); ++p) {
      nlohmann::json runs = nlohmann::json::array();
      for (const auto& r : result.runs) runs.push_back(r.peers[p].seconds);
      j[peers[p].name] = {{"runs", runs},
                          {"seconds", result.peer_median_seconds[p]},
                          {peers[p].unit, mid->peers[p].rows},
                          {"bytes", mid->peers[p].bytes},
                          {"morgue_over_" + peers[p].name, over(p)}};
    }
    JsonPrinter().Print(j);
    return kExitOk;
  }
  TextPrinter text;
  text.Printf("morgue bench index\n%s (before: %s)\n", bench::EnvironmentLine().c_str(),
              load_before.c_str());
  text.Printf("corpus        %zu path(s), %.1f MB\n", paths.size(), input_bytes / 1e6);
  text.Printf("articles      %llu (skipped %llu)\n",
              static_cast<unsigned long long>(mid->counts.read),
              static_cast<unsigned long long>(mid->counts.skipped));
  text.Printf("wall          %.2f s", median);
  if (runs > 1) {
    text.Printf(" (median of %u:", runs);
    for (double t : times) text.Printf(" %.2f", t);
    text.Printf(")");
  }
  text.Printf("\nrate          %.0f articles/s, %.2f MB/s\n", rate, mb_rate);
  text.Printf("per article   %.1f us\n", mid->counts.read ? median * 1e6 / mid->counts.read : 0.0);
  text.Printf("peak memory   %.1f MB (ru_maxrss%s)\n", peak / 1e6,
              peers.empty() ? "" : "; the peers' included: they run in this process");
  text.Printf("archive       %s\n", SizesText(mid->bytes).c_str());
  if (vm.count("compact")) {
    text.Printf("compacted     %s (compact %.2f s)\n", SizesText(mid->compacted).c_str(),
                mid->compact_seconds);
  }
  for (size_t p = 0; p < peers.size(); ++p) {
    text.Printf("%-13s %.2f s", peers[p].label.c_str(), result.peer_median_seconds[p]);
    if (runs > 1) {
      text.Printf(" (median of %u:", runs);
      for (const auto& r : result.runs) text.Printf(" %.2f", r.peers[p].seconds);
      text.Printf(")");
    }
    text.Printf(", %llu %s, %.1f MB; morgue / %s %.2fx\n",
                static_cast<unsigned long long>(mid->peers[p].rows), peers[p].unit.c_str(),
                mid->peers[p].bytes / 1e6, peers[p].name.c_str(), over(p));
  }
  if (!archive_dir.empty()) text.Printf("kept          %s\n", archive_dir.c_str());
  return kExitOk;
}

}  // namespace morgue::cli
