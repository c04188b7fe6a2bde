// morgue bench: benchmarks a researcher runs on their own corpus and machine.
// This file dispatches the subcommands and implements `morgue bench index`.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/bench.h"
#include "cli/bench_report.h"
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

struct Sizes {
  uint64_t store = 0, xapian = 0, total = 0;
};

Sizes ArchiveSizes(const std::string& dir) {
  return {PathSize((fs::path(dir) / "store").string()), PathSize((fs::path(dir) / "xapian").string()),
          PathSize(dir)};
}

nlohmann::json SizesJson(const Sizes& s) {
  return {{"store", s.store}, {"xapian", s.xapian}, {"total", s.total}};
}

std::string SizesText(const Sizes& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "store %.1f MB, xapian %.1f MB, total %.1f MB", s.store / 1e6,
                s.xapian / 1e6, s.total / 1e6);
  return buf;
}

// A fresh, empty directory under the system temp dir.
std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "morgue-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw Error(ErrorCode::kIO, "cannot create a temporary directory under " +
                                    fs::temp_directory_path().string());
  }
  return pattern;
}

struct IndexRun {
  double seconds = 0;
  IndexTotals totals;
  Sizes sizes;
  double compact_seconds = 0;
  Sizes compacted;
};

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One timed run: open, read and add everything, close (the close is timed
// too: it flushes the store). Then, when asked, a timed Compact.
IndexRun RunOnce(const std::string& dir, const std::vector<std::string>& paths,
                 const ReadOptions& read_options, unsigned shards, bool compact) {
  IndexRun run;
  ArchiveOptions options;
  options.shards = shards;
  auto start = std::chrono::steady_clock::now();
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate, options);
    run.totals = IndexPaths(*archive, paths, read_options, BatchLimits{}, nullptr,
                            [](const ReadIssue& issue) {
                              std::cerr << "morgue bench index: skipped " << issue.ToString() << "\n";
                            });
  }
  run.seconds = Since(start);
  run.sizes = ArchiveSizes(dir);
  if (compact) {
    auto compact_start = std::chrono::steady_clock::now();
    Archive::Open(dir, OpenMode::kReadWrite)->Compact();
    run.compact_seconds = Since(compact_start);
    run.compacted = ArchiveSizes(dir);
  }
  return run;
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
  throw UsageError("unknown subcommand \"" + args[0] + "\" (expected index, query or generate)");
}

int BenchIndexCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench index options");
  std::vector<std::string> paths;
  std::string archive_dir, format, input_format;
  unsigned threads = 2, runs = 1;
  options.add_options()
      ("corpus,c", po::value(&paths)->required()->multitoken(), "files or directories to index")
      ("threads,t", UnsignedValue(&threads), "index shards written in parallel (1..64)")
      ("archive,a", po::value(&archive_dir),
       "archive directory, absent or empty, kept afterwards (default: a temp dir, removed after)")
      ("runs", UnsignedValue(&runs), "index this many times, report the median time")
      ("compact", "also time `morgue compact` and report the compacted size")
      ("input-format", po::value(&input_format)->default_value("auto"), "auto, text, jsonl, csv, reuters")
      ("format", po::value(&format)->default_value("text"), "text | json");
  po::positional_options_description positional;
  positional.add("corpus", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue bench index --corpus PATH... [--threads N] [--archive DIR]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  if (runs < 1) throw UsageError("--runs must be at least 1");
  if (!archive_dir.empty()) {
    std::error_code ec;
    if (fs::exists(archive_dir, ec) && !fs::is_empty(archive_dir, ec)) {
      throw UsageError("--archive " + archive_dir + " must be absent or empty: the benchmark "
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
  std::string load_before = ReadMachineInfo().load_average;

  std::vector<IndexRun> results;
  for (unsigned r = 0; r < runs; ++r) {
    bool temporary = archive_dir.empty();
    std::string dir = temporary ? MakeTempDir() : archive_dir;
    try {
      results.push_back(RunOnce(dir, paths, read_options, threads, vm.count("compact") > 0));
    } catch (...) {
      std::error_code ec;
      if (temporary) fs::remove_all(dir, ec);
      throw;
    }
    std::error_code ec;
    if (temporary) fs::remove_all(dir, ec);
  }
  std::vector<double> times;
  for (const auto& r : results) times.push_back(r.seconds);
  double median = Median(times);
  // The run whose time is the median (its sizes and counts are reported).
  const IndexRun* mid = &results[0];
  for (const auto& r : results) if (r.seconds == median) mid = &r;
  double rate = median > 0 ? mid->totals.read / median : 0;
  double mb_rate = median > 0 ? input_bytes / 1e6 / median : 0;
  uint64_t peak = PeakRssBytes();

  if (format == "json") {
    nlohmann::json j = EnvironmentJson();
    j["benchmark"] = "index";
    j["load_average_before"] = load_before;
    j["corpus"] = {{"paths", paths}, {"bytes", input_bytes}};
    j["threads"] = threads;
    j["runs"] = nlohmann::json::array();
    for (const auto& r : results) j["runs"].push_back(r.seconds);
    j["articles"] = mid->totals.read;
    j["skipped"] = mid->totals.skipped;
    j["seconds"] = median;
    j["articles_per_second"] = rate;
    j["mb_per_second"] = mb_rate;
    j["peak_rss_bytes"] = peak;
    j["archive_bytes"] = SizesJson(mid->sizes);
    if (vm.count("compact")) {
      j["compact_seconds"] = mid->compact_seconds;
      j["compacted_bytes"] = SizesJson(mid->compacted);
    }
    std::cout << DumpJson(j, 2) << "\n";
    return kExitOk;
  }
  std::printf("morgue bench index\n%s (before: %s)\n", EnvironmentLine().c_str(), load_before.c_str());
  std::printf("corpus        %zu path(s), %.1f MB\n", paths.size(), input_bytes / 1e6);
  std::printf("articles      %llu (skipped %llu)\n", static_cast<unsigned long long>(mid->totals.read),
              static_cast<unsigned long long>(mid->totals.skipped));
  std::printf("wall          %.2f s", median);
  if (runs > 1) {
    std::printf(" (median of %u:", runs);
    for (double t : times) std::printf(" %.2f", t);
    std::printf(")");
  }
  std::printf("\nrate          %.0f articles/s, %.2f MB/s\n", rate, mb_rate);
  std::printf("per article   %.1f us\n", mid->totals.read ? median * 1e6 / mid->totals.read : 0.0);
  std::printf("peak memory   %.1f MB (ru_maxrss)\n", peak / 1e6);
  std::printf("archive       %s\n", SizesText(mid->sizes).c_str());
  if (vm.count("compact")) {
    std::printf("compacted     %s (compact %.2f s)\n", SizesText(mid->compacted).c_str(),
                mid->compact_seconds);
  }
  if (!archive_dir.empty()) std::printf("kept          %s\n", archive_dir.c_str());
  return kExitOk;
}

}  // namespace morgue::cli
