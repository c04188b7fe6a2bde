// Timing indexing runs (bench/index_benchmark.h).
#include "bench/index_benchmark.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <optional>

#include "bench/report.h"
#include "morgue/error.h"

namespace morgue::bench {

namespace {

namespace fs = std::filesystem;

// A fresh, empty directory under the system temp dir.
std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "morgue-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw Error(ErrorCode::kIO,
                "cannot create a temporary directory under " + fs::temp_directory_path().string());
  }
  return pattern;
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

IndexRun RunOnce(const std::string& dir, const IndexBenchmarkOptions& options,
                 const IndexCorpusFn& index) {
  IndexRun run;
  ArchiveOptions archive_options;
  archive_options.shards = options.shards;
  auto start = std::chrono::steady_clock::now();
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate, archive_options);
    run.counts = index(*archive);
  }
  run.seconds = Since(start);
  run.bytes = MeasureArchive(dir);
  if (options.compact) {
    auto compact_start = std::chrono::steady_clock::now();
    Archive::Open(dir, OpenMode::kReadWrite)->Compact();
    run.compact_seconds = Since(compact_start);
    run.compacted = MeasureArchive(dir);
  }
  return run;
}

}  // namespace

ArchiveBytes MeasureArchive(const std::string& dir) {
  // The archive's own account of its sizes (Archive::Stats), one count of
  // the files for every caller.
  try {
    const ArchiveStats stats = Archive::Open(dir, OpenMode::kReadOnly)->Stats(1);
    return {stats.store_bytes, stats.index_bytes, stats.total_bytes};
  } catch (const Error&) {
    return {};
  }
}

IndexBenchmarkResult RunIndexBenchmark(const IndexBenchmarkOptions& options,
                                       const IndexCorpusFn& index) {
  if (options.runs < 1) throw Error(ErrorCode::kInvalidArgument, "--runs must be at least 1");
  if (options.runs > 1 && !options.archive_dir.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "--runs above 1 needs the default temporary archive");
  }
  IndexBenchmarkResult result;
  result.load_before = ReadMachineInfo().load_average;
  auto run_peer = [&](const Peer& p) {
    const std::string dir = MakeTempDir();
    PeerRun peer;
    try {
      auto start = std::chrono::steady_clock::now();
      peer = p.build(dir);
      peer.seconds = Since(start);
    } catch (...) {
      std::error_code ec;
      fs::remove_all(dir, ec);
      throw;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return peer;
  };
  // The peers in turn, the first of them another every two runs (so that
  // over the runs each goes next to morgue and next to each other peer),
  // reported in options.peers' order.
  auto run_peers = [&](unsigned r) {
    const size_t n = options.peers.size();
    std::vector<PeerRun> runs(n);
    for (size_t k = 0; k < n; ++k) {
      const size_t p = (r / 2 + k) % n;
      runs[p] = run_peer(options.peers[p]);
    }
    return runs;
  };
  for (unsigned r = 0; r < options.runs; ++r) {
    const bool peers_first = r % 2 == 1;
    std::vector<PeerRun> peers;
    if (peers_first) peers = run_peers(r);
    bool temporary = options.archive_dir.empty();
    std::string dir = temporary ? MakeTempDir() : options.archive_dir;
    try {
      result.runs.push_back(RunOnce(dir, options, index));
    } catch (...) {
      std::error_code ec;
      if (temporary) fs::remove_all(dir, ec);
      throw;
    }
    std::error_code ec;
    if (temporary) fs::remove_all(dir, ec);
    if (!peers_first) peers = run_peers(r);
    result.runs.back().peers = std::move(peers);
  }
  std::vector<double> times;
  for (const auto& r : result.runs) times.push_back(r.seconds);
  for (size_t p = 0; p < options.peers.size(); ++p) {
    std::vector<double> peer_times;
    for (const auto& r : result.runs) peer_times.push_back(r.peers[p].seconds);
    result.peer_median_seconds.push_back(Median(peer_times));
  }
  result.median_seconds = Median(times);
  for (size_t i = 0; i < result.runs.size(); ++i) {
    if (result.runs[i].seconds == result.median_seconds) result.median_run = i;
  }
  result.peak_rss_bytes = PeakRssBytes();
  return result;
}

}  // namespace morgue::bench
