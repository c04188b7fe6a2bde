// morgue_serve_load: a load test of `morgue serve` on loopback, beside the
// same queries run in this process through the library.
//
//   morgue_serve_load --morgue build/morgue --archive DIR [--queries FILE]
//                     [--clients 1,8,32] [--seconds 10]
//
// Starts `morgue serve --archive DIR --port 0` (host 127.0.0.1 only), then for
// each number of clients: that many threads, each with its own keep-alive
// connection, send GET /search?query=Q&limit=10 for the search queries of
// FILE (default bench/queries/reuters.tsv: every class but facets,
// histogram and export) in turn for the given time; and the same number of
// threads, each with its own read-only Archive, run Archive::Search on the
// same queries (limit 10, snippets, a 10 s time limit: the request the server
// makes of the library) in this process; each thread runs every
// query once untimed first (warm caches). Prints, per row,
// requests per second, p50 and p95 in ms, and errors. docs/performance.md
// quotes a run.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Row {
  double per_second = 0;
  double p50_ms = 0, p95_ms = 0;
  uint64_t requests = 0, errors = 0;
};

Row Summarise(std::vector<double> ms, uint64_t errors, double seconds) {
  Row row;
  row.requests = ms.size();
  row.errors = errors;
  row.per_second = seconds > 0 ? static_cast<double>(ms.size()) / seconds : 0;
  if (ms.empty()) return row;
  std::sort(ms.begin(), ms.end());
  row.p50_ms = ms[ms.size() / 2];
  row.p95_ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  return row;
}

// Runs `clients` threads, each calling one(thread, i) for i = 0 .. warmup - 1
// untimed (every query once: caches and snapshots warm), then, all together,
// for i = warmup, warmup + 1, ... until `seconds` pass; one() returns false
// on an error. Latencies in ms.
template <typename One>
Row Run(unsigned clients, double seconds, size_t warmup, One one) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<uint64_t> errors{0};
  std::latch warm(clients + 1);
  Clock::time_point end;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < warmup; ++i) one(t, i);
      warm.arrive_and_wait();
      for (size_t i = warmup + t; Clock::now() < end; ++i) {
        const auto before = Clock::now();
        const bool ok = one(t, i);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        if (!ok) ++errors;
      }
    });
  }
  end = Clock::now() +
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const auto start = Clock::now();
  warm.arrive_and_wait();
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  return Summarise(std::move(all), errors.load(), elapsed);
}

std::vector<std::string> SearchQueries(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string kind = line.substr(0, tab);
    if (kind.rfind("facets", 0) == 0 || kind.rfind("histogram", 0) == 0 || kind == "export")
      continue;
    if (line.substr(tab + 1) == "@archive") continue;  // the broad class: `morgue bench query` only
    queries.push_back(line.substr(tab + 1));
  }
  return queries;
}

int Usage() {
  std::fprintf(stderr, "usage: morgue_serve_load --morgue BINARY --archive DIR [--queries FILE] "
                       "[--clients 1,8,32] [--seconds 10]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string morgue, archive_dir, queries_path = MORGUE_SOURCE_DIR "/bench/queries/reuters.tsv";
  std::vector<unsigned> client_counts = {1, 8, 32};
  double seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--morgue") morgue = value;
    else if (flag == "--archive") archive_dir = value;
    else if (flag == "--queries") queries_path = value;
    else if (flag == "--seconds") seconds = std::atof(value.c_str());
    else if (flag == "--clients") {
      client_counts.clear();
      for (size_t p = 0; p < value.size();) {
        const size_t comma = value.find(',', p);
        client_counts.push_back(
            static_cast<unsigned>(std::atoi(value.substr(p, comma - p).c_str())));
        p = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else return Usage();
  }
  if (morgue.empty() || archive_dir.empty() || seconds <= 0) return Usage();
  const std::vector<std::string> queries = SearchQueries(queries_path);
  if (queries.empty()) {
    std::fprintf(stderr, "morgue_serve_load: no search queries in %s\n", queries_path.c_str());
    return 1;
  }

  // The server, on a port the system chooses.
  int fds[2];
  if (::pipe(fds) != 0) return 1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(morgue.c_str(), morgue.c_str(), "serve", "--archive", archive_dir.c_str(), "--port",
            "0", "--host", "127.0.0.1", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string banner;
  char c = 0;
  while (::read(fds[0], &c, 1) == 1 && c != '\n') banner += c;
  ::close(fds[0]);
  const size_t colon = banner.rfind(':');
  const int port = colon == std::string::npos ? 0 : std::atoi(banner.c_str() + colon + 1);
  if (port <= 0) {
    std::fprintf(stderr, "morgue_serve_load: the server did not start: %s\n", banner.c_str());
    return 1;
  }
  std::vector<std::string> paths;
  for (const auto& q : queries)
    paths.push_back("/search?limit=10&query=" + httplib::detail::encode_query_param(q));

  std::printf("%zu search queries of %s; %s; %.0f s per row; %u cores\n", queries.size(),
              queries_path.c_str(), archive_dir.c_str(), seconds,
              std::thread::hardware_concurrency());
  std::printf("%-10s %7s %10s %9s %9s %8s\n", "", "clients", "requests/s", "p50 ms", "p95 ms",
              "errors");
  int status = 0;
  try {
    // In this process: `clients` threads, each with its own read-only Archive.
    auto in_process = [&](unsigned clients) {
      std::vector<std::unique_ptr<morgue::Archive>> archives;
      for (unsigned t = 0; t < clients; ++t)
        archives.push_back(morgue::Archive::Open(archive_dir, morgue::OpenMode::kReadOnly));
      return Run(clients, seconds, queries.size(), [&](unsigned t, size_t i) {
        morgue::SearchRequest r;
        r.query = queries[i % queries.size()];
        r.limit = 10;
        r.time_limit_ms = 10000;  // as the server runs every search (its --time-limit default)
        try {
          archives[t]->Search(r);
          return true;
        } catch (const morgue::Error&) {
          return false;
        }
      });
    };
    const Row alone = in_process(1);  // the reference: one query at a time, no HTTP
    for (unsigned clients : client_counts) {
      const Row local = clients == 1 ? alone : in_process(clients);
      std::vector<std::unique_ptr<httplib::Client>> connections;
      for (unsigned t = 0; t < clients; ++t) {
        connections.push_back(std::make_unique<httplib::Client>("127.0.0.1", port));
        connections.back()->set_keep_alive(true);
        connections.back()->set_read_timeout(60, 0);
      }
      const Row http = Run(clients, seconds, queries.size(), [&](unsigned t, size_t i) {
        auto res = connections[t]->Get(paths[i % paths.size()]);
        return res && res->status == 200;
      });
      for (const auto& [name, row] : {std::pair{"in-process", local}, std::pair{"http", http}}) {
        std::printf("%-10s %7u %10.1f %9.2f %9.2f %8llu\n", name, clients, row.per_second,
                    row.p50_ms, row.p95_ms, static_cast<unsigned long long>(row.errors));
      }
      std::printf("%-10s %7u   http p95 / in-process p95: %.2f with as many threads, %.2f of one\n",
                  "ratio", clients, local.p95_ms > 0 ? http.p95_ms / local.p95_ms : 0.0,
                  alone.p95_ms > 0 ? http.p95_ms / alone.p95_ms : 0.0);
      std::fflush(stdout);
      if (http.errors || local.errors) status = 1;
    }
  } catch (const morgue::Error& e) {
    std::fprintf(stderr, "morgue_serve_load: %s\n", e.what());
    status = 1;
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  return status;
}
