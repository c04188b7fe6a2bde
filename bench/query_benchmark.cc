// Timing a query mix (bench/query_benchmark.h).
#include "bench/query_benchmark.h"

#include <chrono>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "bench/report.h"
#include "bench/xapian_peer.h"
#include "morgue/error.h"

namespace morgue::bench {

namespace {

// The search classes together form the "mix" row (issue 5's 40-query mix).
bool IsSearchClass(const std::string& cls) {
  return cls != "facets" && cls != "histogram" && cls != "export";
}

Latency SummariseMicros(std::vector<double> v, uint64_t results) {
  Latency s;
  s.runs = v.size();
  s.results = results;
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

// What one engine (morgue or the peer) did per query of the mix.
struct EngineRuns {
  const char* name;
  std::vector<uint64_t> expected;           // results in the warm-up, per query
  std::vector<std::vector<double>> micros;  // timed runs, per query
  double search_seconds = 0;                // wall time of the timed search phases
  uint64_t search_runs = 0;                 // queries run in them
};

// One timed phase: `threads` threads each run every query of `indexes` once,
// thread t starting at the t-th of `threads` equal steps through them, so
// that the threads run different queries at once. `run(t, i)` runs query i on
// thread t and returns its results, which must be the warm-up's. Returns the
// phase's wall seconds.
template <class Run>
double RunPhase(unsigned threads, const std::vector<size_t>& indexes,
                const std::vector<BenchQuery>& queries, const Run& run, EngineRuns* engine) {
  if (indexes.empty()) return 0;
  std::vector<std::vector<std::pair<size_t, double>>> timings(threads);
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned t) {
    try {
      size_t n = indexes.size(), start = n * t / threads;
      timings[t].reserve(n);
      for (size_t k = 0; k < n; ++k) {
        size_t i = indexes[(start + k) % n];
        auto begin = std::chrono::steady_clock::now();
        uint64_t results = run(t, i);
        double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - begin)
                .count();
        if (results != engine->expected[i]) {
          throw Error(ErrorCode::kInternal,
                      queries[i].where + ": " + queries[i].text + ": " + engine->name + " gave " +
                          std::to_string(results) + " results with " + std::to_string(threads) +
                          " thread(s) searching at once, " + std::to_string(engine->expected[i]) +
                          " in the warm-up");
        }
        timings[t].emplace_back(i, us);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  auto begin = std::chrono::steady_clock::now();
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  for (const auto& per_thread : timings) {
    for (const auto& [i, us] : per_thread) engine->micros[i].push_back(us);
  }
  return seconds;
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
                                       const std::vector<BenchQuery>& queries,
                                       const QueryBenchmarkOptions& options) {
  if (options.repeat < 1) throw Error(ErrorCode::kInvalidArgument, "--repeat must be at least 1");
  if (options.concurrency < 1 || options.concurrency > kMaxConcurrency) {
    throw Error(ErrorCode::kInvalidArgument, "--concurrency must be 1 to " +
                                                 std::to_string(kMaxConcurrency) + ", not " +
                                                 std::to_string(options.concurrency));
  }
  if (queries.empty()) throw Error(ErrorCode::kInvalidArgument, "the query file holds no queries");
  const unsigned threads = options.concurrency;
  QueryBenchmarkResult result;
  result.concurrency = threads;
  result.load_before = ReadMachineInfo().load_average;
  const size_t n = queries.size();
  EngineRuns morgue{"morgue", std::vector<uint64_t>(n), std::vector<std::vector<double>>(n)};
  EngineRuns peer{"plain Xapian", std::vector<uint64_t>(n), std::vector<std::vector<double>>(n)};

  // Untimed warm-up, twice: the first run of each query opens readers and
  // fills caches; a reader reads a value slot whole the second time it
  // tallies it (facets, histograms: query/value_columns.h), which must not
  // land in a timed run. A query that fails names its line. The first run's
  // results are what every later run must give.
  EngineRuns compared{"the compared archive", std::vector<uint64_t>(n),
                      std::vector<std::vector<double>>(n)};
  auto warm_up = [&](const Archive& a, const std::string& whose, EngineRuns* engine) {
    for (int round = 0; round < 2; ++round) {
      for (size_t i = 0; i < n; ++i) {
        const auto& q = queries[i];
        uint64_t results = 0;
        try {
          results = ExecuteBenchQuery(a, q, options.snippets, options.ranking, options.default_and);
        } catch (const Error& e) {
          if (q.where.empty() && whose.empty()) throw;
          throw Error(e.code(), whose + (q.where.empty() ? "" : q.where + ": ") + e.what())
              .WithPosition(e.position());
        }
        if (round == 0) engine->expected[i] = results;
      }
    }
  };
  warm_up(archive, "", &morgue);
  if (options.compare) warm_up(*options.compare, "the compared archive: ", &compared);
  std::vector<size_t> searches, others, peer_searches;
  for (size_t i = 0; i < n; ++i) (IsSearchClass(queries[i].cls) ? searches : others).push_back(i);

  // The peers, one per thread, each warmed up on every search twice; a query
  // the peer cannot run is left out of its numbers and listed.
  std::vector<std::unique_ptr<XapianPeer>> peers;
  if (!options.peer_archive_dir.empty() && !searches.empty()) {
    for (unsigned t = 0; t < threads; ++t) {
      peers.push_back(std::make_unique<XapianPeer>(options.peer_archive_dir));
    }
    for (size_t i : searches) {
      try {
        peer.expected[i] = peers[0]->Search(queries[i].text);
        peer_searches.push_back(i);
      } catch (const Error& e) {
        result.peer_skipped.push_back(queries[i].where + ": " + queries[i].text + ": " + e.what());
      }
    }
    for (unsigned t = 0; t < threads; ++t) {
      for (int round = t == 0 ? 1 : 0; round < 2; ++round) {
        for (size_t i : peer_searches) peers[t]->Search(queries[i].text);
      }
    }
  }

  auto run_on = [&](const Archive& a) {
    return [&a, &queries, &options](unsigned, size_t i) {
      return ExecuteBenchQuery(a, queries[i], options.snippets, options.ranking,
                               options.default_and);
    };
  };
  auto run_morgue = run_on(archive);
  auto run_peer = [&](unsigned t, size_t i) { return peers[t]->Search(queries[i].text); };
  // Each round runs the search classes on every engine, one after the
  // other, the first engine moving on by one each round; then the other
  // classes on morgue and the compared archive, which goes first alternating.
  std::vector<std::function<void()>> search_phases;
  search_phases.emplace_back([&] {
    morgue.search_seconds += RunPhase(threads, searches, queries, run_morgue, &morgue);
    morgue.search_runs += uint64_t{threads} * searches.size();
  });
  if (options.compare) {
    search_phases.emplace_back([&] {
      compared.search_seconds +=
          RunPhase(threads, searches, queries, run_on(*options.compare), &compared);
      compared.search_runs += uint64_t{threads} * searches.size();
    });
  }
  if (!peers.empty()) {
    search_phases.emplace_back([&] {
      peer.search_seconds += RunPhase(threads, peer_searches, queries, run_peer, &peer);
      peer.search_runs += uint64_t{threads} * peer_searches.size();
    });
  }
  for (unsigned r = 0; r < options.repeat; ++r) {
    const size_t k = search_phases.size();
    for (size_t step = 0; step < k; ++step) search_phases[(r + step) % k]();
    const bool compared_first = options.compare && r % 2 == 1;
    if (compared_first) RunPhase(threads, others, queries, run_on(*options.compare), &compared);
    RunPhase(threads, others, queries, run_morgue, &morgue);
    if (options.compare && !compared_first) {
      RunPhase(threads, others, queries, run_on(*options.compare), &compared);
    }
  }
  if (morgue.search_seconds > 0) result.search_qps = morgue.search_runs / morgue.search_seconds;
  if (peer.search_seconds > 0) result.peer_search_qps = peer.search_runs / peer.search_seconds;
  if (compared.search_seconds > 0) {
    result.compared_search_qps = compared.search_runs / compared.search_seconds;
  }

  // Per class, then the mix of the search classes.
  auto summarise = [&](const std::string& name, const std::vector<size_t>& members) {
    ClassLatency c;
    c.name = name;
    c.queries = members.size();
    std::vector<double> us, peer_us, compared_us;
    uint64_t results = 0, peer_results = 0, compared_results = 0;
    bool searched = false;
    for (size_t i : members) {
      us.insert(us.end(), morgue.micros[i].begin(), morgue.micros[i].end());
      results += morgue.expected[i];
      peer_us.insert(peer_us.end(), peer.micros[i].begin(), peer.micros[i].end());
      peer_results += peer.expected[i];
      compared_us.insert(compared_us.end(), compared.micros[i].begin(), compared.micros[i].end());
      compared_results += compared.expected[i];
      searched = searched || IsSearchClass(queries[i].cls);
    }
    Latency m = SummariseMicros(us, results);
    c.runs = m.runs;
    c.p50 = m.p50, c.p95 = m.p95, c.p99 = m.p99, c.mean = m.mean, c.max = m.max;
    c.results = m.results;
    if (!peers.empty() && searched) c.peer = SummariseMicros(peer_us, peer_results);
    if (options.compare) c.compared = SummariseMicros(compared_us, compared_results);
    return c;
  };
  std::vector<size_t> mix;
  for (const auto& cls : BenchClasses(queries)) {
    std::vector<size_t> members;
    for (size_t i = 0; i < n; ++i) {
      if (queries[i].cls == cls) members.push_back(i);
    }
    result.classes.push_back(summarise(cls, members));
    if (IsSearchClass(cls)) mix.insert(mix.end(), members.begin(), members.end());
  }
  if (!mix.empty() && mix.size() != n) result.classes.push_back(summarise("mix", mix));
  const ClassLatency *free_class = nullptr, *date_class = nullptr;
  for (const auto& c : result.classes) {
    if (c.name == "free") free_class = &c;
    if (c.name == "date") date_class = &c;
  }
  if (free_class && date_class && free_class->p50 > 0 && date_class->p50 > 0)
    result.date_over_free_p50 = date_class->p50 / free_class->p50;
  return result;
}

}  // namespace morgue::bench
