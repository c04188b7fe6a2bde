// morgue serve: options, the pool of read-only archives, the server's life.
#include "cli/cmd_serve.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <thread>

#include "cli/command.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// What the files of an archive look like now: every file's name, size and
// modification time, hashed. A commit of `morgue index` changes it (the
// store's log and the shards' tables); files that vanish meanwhile are
// skipped (error codes, never exceptions).
uint64_t FilesSignature(const std::string& dir) {
  namespace fs = std::filesystem;
  uint64_t signature = 1469598103934665603ULL;
  auto mix = [&](uint64_t v) { signature = (signature ^ v) * 1099511628211ULL; };
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec) || file_ec) continue;
    const uint64_t size = it->file_size(file_ec);
    if (file_ec) continue;
    const auto time = it->last_write_time(file_ec);
    if (file_ec) continue;
    mix(std::hash<std::string>()(it->path().string()));
    mix(size);
    mix(static_cast<uint64_t>(time.time_since_epoch().count()));
  }
  return signature;
}

// A bounded queue of connections for httplib: `threads` threads serve
// connections; when all are busy and `limit` connections wait, the
// accepting thread waits too (new connections then wait in the kernel's
// listen backlog) instead of the list growing without end.
class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(unsigned threads, size_t limit) : limit_(limit) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~BoundedTaskQueue() override { BoundedTaskQueue::shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return tasks_.size() < limit_ || shutdown_; });
    tasks_.push_back(std::move(fn));
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shutdown_ && threads_.empty()) return;
      shutdown_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !tasks_.empty() || shutdown_; });
        if (tasks_.empty()) return;  // shutting down with nothing left
        fn = std::move(tasks_.front());
        tasks_.pop_front();
        room_.notify_one();
      }
      fn();
    }
  }

  const size_t limit_;
  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> tasks_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  bool shutdown_ = false;
};

}  // namespace

// The Archive objects opened on one state of the archive's files.
class ArchivePool::Generation {
 public:
  Generation(std::string dir, uint64_t signature, bool allow_partial)
      : dir_(std::move(dir)), signature_(signature), allow_partial_(allow_partial) {}
  std::unique_ptr<Archive> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        auto archive = std::move(free_.back());
        free_.pop_back();
        return archive;
      }
    }
    return Archive::Open(dir_, OpenMode::kReadOnly, ReadingOptions(allow_partial_));
  }
  void Give(std::unique_ptr<Archive> archive) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(archive));
  }
  uint64_t signature() const { return signature_; }

 private:
  const std::string dir_;
  const uint64_t signature_;
  const bool allow_partial_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Archive>> free_;
};

ArchivePool::Lease::Lease(std::shared_ptr<Generation> generation, std::unique_ptr<Archive> archive,
                          ArchivePool* pool)
    : generation_(std::move(generation)), archive_(std::move(archive)), pool_(pool) {}

ArchivePool::Lease::~Lease() {
  generation_->Give(std::move(archive_));
  pool_->Release();
}

ArchivePool::ArchivePool(const ServeOptions& options) : options_(options) {
  const uint64_t signature = FilesSignature(options_.archive_dir);
  current_ = std::make_shared<Generation>(options_.archive_dir, signature, options_.allow_partial);
  current_->Give(current_->Take());
  watcher_ = std::thread([this] { WatchForChanges(); });
}

ArchivePool::~ArchivePool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  watcher_.join();
}

std::unique_ptr<ArchivePool::Lease> ArchivePool::Acquire() {
  std::shared_ptr<Generation> generation;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (busy_ >= options_.workers) {
      if (waiting_ >= options_.queue) return nullptr;
      ++waiting_;
      const bool got = freed_.wait_for(lock, std::chrono::milliseconds(options_.time_limit_ms),
                                       [&] { return busy_ < options_.workers; });
      --waiting_;
      if (!got) return nullptr;
    }
    ++busy_;
    generation = current_;
  }
  try {
    auto archive = generation->Take();
    return std::make_unique<Lease>(std::move(generation), std::move(archive), this);
  } catch (...) {
    Release();
    throw;
  }
}

void ArchivePool::Release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
  }
  freed_.notify_one();
}

uint64_t ArchivePool::reopened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reopened_;
}

// Every refresh_ms: when the files changed, open the archive anew (beside
// the old one: requests under way finish on the old Archive objects, which
// close when the last of them is returned). An archive that cannot be
// opened just now (a writer between two files) is tried again next time.
void ArchivePool::WatchForChanges() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (stop_.wait_for(lock, std::chrono::milliseconds(options_.refresh_ms),
                       [&] { return stopping_; })) {
      return;
    }
    const uint64_t seen = current_->signature();
    lock.unlock();
    const uint64_t now = FilesSignature(options_.archive_dir);
    std::shared_ptr<Generation> fresh;
    if (now != seen) {
      try {
        fresh = std::make_shared<Generation>(options_.archive_dir, now, options_.allow_partial);
        fresh->Give(fresh->Take());
      } catch (const std::exception&) {
        fresh.reset();
      }
    }
    lock.lock();
    if (fresh) {
      current_ = std::move(fresh);
      ++reopened_;
    }
  }
}

int Serve(const ServeOptions& given) {
  ServeOptions options = given;
  if (options.workers == 0) options.workers = std::max(1U, std::thread::hardware_concurrency());
  // Enough connection threads that a request beyond the workers and the
  // queue is read and answered 503 rather than left unread.
  if (options.threads == 0)
    options.threads = std::min(256U, std::max(8U, options.workers + options.queue));

  // SIGINT and SIGTERM stop the server; blocked here so that every thread
  // started from now on leaves them to the waiting thread below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that went away is a failed write, not death

  ArchivePool pool(options);
  httplib::Server server;
  server.new_task_queue = [&options] {
    return new BoundedTaskQueue(options.threads, std::max<size_t>(16, options.queue));
  };
  server.set_read_timeout(options.timeout_seconds, 0);
  server.set_write_timeout(options.timeout_seconds, 0);
  server.set_keep_alive_timeout(options.timeout_seconds);
  server.set_keep_alive_max_count(100);
  server.set_payload_max_length(1 << 20);
  server.set_tcp_nodelay(true);
  InstallRoutes(server, pool, options);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) throw UsageError("cannot listen on " + options.host + " (any port)");
  } else if (!server.bind_to_port(options.host, port)) {
    throw UsageError("cannot listen on " + options.host + ":" + std::to_string(port) +
                     " (in use, or not an address of this machine)");
  }
  std::atomic<bool> listen_returned{false};
  std::thread stopper([&server, &listen_returned, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    // httplib's stop() stops a running server only: a signal that came
    // between the banner and listen_after_bind's start was lost, and the
    // server then ran on (a test stopping it at once hung until its
    // timeout). Wait until it runs, or has given up.
    while (!server.is_running() && !listen_returned.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    server.stop();
  });
  const bool ipv6 = options.host.find(':') != std::string::npos;
  std::printf("morgue serve: %s on http://%s%s%s:%d/ (Ctrl-C stops)\n", options.archive_dir.c_str(),
              ipv6 ? "[" : "", options.host.c_str(), ipv6 ? "]" : "", port);
  std::fflush(stdout);
  const bool ok = server.listen_after_bind();
  listen_returned = true;
  // The stopper waits for a signal: send the process one if the server
  // stopped by itself (every thread but the stopper blocks it).
  if (server.is_running() || !ok) ::kill(::getpid(), SIGTERM);
  stopper.join();
  return ok ? kExitOk : kExitFailure;
}

int RunServe(const std::vector<std::string>& args) {
  po::options_description options("morgue serve options");
  ServeOptions s;
  unsigned port = 8080;
  AddAllowPartialOption(options, &s.allow_partial);
  options.add_options()("archive,a", po::value(&s.archive_dir)->required(), "archive directory")(
      "host", po::value(&s.host)->default_value(s.host),
      "address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network, "
      "read docs/serve.md first)")("port", UnsignedValue(&port),
                                   "port (0: any free port, printed at start)")(
      "workers", UnsignedValue(&s.workers), "requests served at once (0: one per core)")(
      "queue", UnsignedValue(&s.queue), "requests that may wait for a worker; more get 503")(
      "time-limit", UnsignedValue(&s.time_limit_ms),
      "MS: the longest a search runs (its total is then an estimate) and a request waits for "
      "a worker")("max-limit", UnsignedValue(&s.max_limit), "the most hits a page may ask for")(
      "timeout", UnsignedValue(&s.timeout_seconds),
      "seconds a client may take to send a request or read an answer");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue serve --archive DIR [--host 127.0.0.1] [--port 8080]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  if (port > 65535) throw UsageError("--port must be from 0 to 65535");
  if (s.time_limit_ms == 0) throw UsageError("--time-limit must be at least 1 (ms)");
  if (s.max_limit == 0) throw UsageError("--max-limit must be at least 1");
  if (s.timeout_seconds == 0) throw UsageError("--timeout must be at least 1 (second)");
  s.port = static_cast<int>(port);
  return Serve(s);
}

}  // namespace morgue::cli
