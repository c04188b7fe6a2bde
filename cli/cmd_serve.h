// morgue serve: the archive over HTTP (cpp-httplib), read-only. The pieces:
//
//   ArchivePool   read-only Archive objects, one per worker, reopened when
//                 the archive's files change (so that what `morgue index`
//                 commits meanwhile is found within a second); at most
//                 `workers` requests use the archive at once, at most `queue`
//                 wait, and the rest are answered 503 at once
//   Api           the endpoints (cmd_serve_api.cc): parameters checked,
//                 answered with the JSON documents of the commands
//                 (cli/json_documents.h), errors as JSON
//   WebAsset      the search page, compiled into the binary (web/,
//                 cmake/MorgueWebAssets.cmake)
//
// docs/serve.md describes the endpoints, the limits and the security notes.
#ifndef MORGUE_CLI_CMD_SERVE_H_
#define MORGUE_CLI_CMD_SERVE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "morgue/archive.h"

namespace httplib {
class Server;
}

namespace morgue::cli {

// The server's settings (the options of `morgue serve`).
struct ServeOptions {
  std::string archive_dir;
  std::string host = "127.0.0.1";
  int port = 8080;
  unsigned workers = 0;            // requests using the archive at once (0: one per core)
  unsigned queue = 64;             // requests that may wait for a worker; more get 503
  unsigned threads = 0;            // HTTP connection threads (0: workers + queue, 8 to 256)
  uint64_t time_limit_ms = 10000;  // per search (and the longest wait for a worker)
  uint64_t max_limit = 1000;       // hits per page
  uint64_t max_offset = 100000;    // hits skipped
  size_t max_parameter_bytes = 4096;
  unsigned timeout_seconds = 5;  // reading a request / writing a response may stall this long
  unsigned refresh_ms = 250;     // how often the archive's files are looked at for changes
  // --allow-partial: a cluster answers from the nodes that answer, each
  // answer naming those it leaves out (docs/serve.md).
  bool allow_partial = false;
};

// An archive opened read-only several times (one Archive per worker, each
// with its own Xapian and store handles), replaced by a fresh set when
// the files of the archive change. Thread-safe.
class ArchivePool {
 public:
  // Opens the archive once (throws as Archive::Open does) and starts the
  // thread that looks for changes.
  explicit ArchivePool(const ServeOptions& options);
  ~ArchivePool();
  ArchivePool(const ArchivePool&) = delete;
  ArchivePool& operator=(const ArchivePool&) = delete;

  class Generation;
  // The use of one Archive by one request; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(std::shared_ptr<Generation> generation, std::unique_ptr<Archive> archive,
          ArchivePool* pool);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    const Archive& operator*() const { return *archive_; }
    const Archive* operator->() const { return archive_.get(); }

   private:
    std::shared_ptr<Generation> generation_;
    std::unique_ptr<Archive> archive_;
    ArchivePool* pool_;
  };

  // An Archive for one request, waiting up to the time limit for a worker.
  // Returns nullptr when the server is busy (the queue is full, or no
  // worker became free in time): the caller answers 503. Throws as
  // Archive::Open does when an Archive has to be opened and cannot be.
  std::unique_ptr<Lease> Acquire();

  // How many times the archive was reopened after a change (for tests, /stats).
  uint64_t reopened() const;

 private:
  void Release();
  void WatchForChanges();

  const ServeOptions options_;
  std::shared_ptr<Generation> current_;  // guarded by mutex_
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  unsigned busy_ = 0;
  unsigned waiting_ = 0;
  uint64_t reopened_ = 0;
  bool stopping_ = false;
  std::condition_variable stop_;
  std::thread watcher_;
};

// A file of the search page: its bytes and content type; nullptr when
// `path` ("/", "/app.js", "/style.css") names none.
struct WebAsset {
  std::string_view content_type;
  std::string_view bytes;
};
const WebAsset* FindWebAsset(std::string_view path);

// Routes every endpoint of `server` to the archives of `pool` (cmd_serve_api.cc).
void InstallRoutes(httplib::Server& server, ArchivePool& pool, const ServeOptions& options);

// Runs the server until SIGINT or SIGTERM. Prints "listening on
// http://HOST:PORT/" on stdout once it accepts connections (with --port 0
// the port the system chose). Throws morgue::Error when the archive cannot
// be opened, UsageError when the address cannot be bound.
int Serve(const ServeOptions& options);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_CMD_SERVE_H_
