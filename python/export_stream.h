// Archive::Export (and Archive::Kwic) as a Python iterator. Export calls a
// function for each article; a Python iterator is pulled. A producer thread
// runs the export and hands articles (lines) over through a small bounded queue, so memory stays
// flat whatever the number of matches, and neither the GIL nor any lock of the archive is held
// between items (Export itself releases the reader's lock before the first article). The consumer
// waits without the GIL and checks for signals every 50 ms, so Ctrl-C stops a long export: the
// producer is told to stop and joined.
#ifndef MORGUE_PYTHON_EXPORT_STREAM_H_
#define MORGUE_PYTHON_EXPORT_STREAM_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "morgue/archive.h"
#include "morgue/research.h"

namespace morgue::python {

// Items of type Item (Article, KwicLine) from a producer thread.
template <typename Item>
class Stream {
 public:
  // What the producer thread runs: it calls `emit` with each item and
  // stops when `emit` returns false (as Archive::Export does).
  using Producer = std::function<void(const std::function<bool(const Item&)>& emit)>;

  // `capacity`: the most items waiting in the queue.
  explicit Stream(size_t capacity = 256);
  // Starts the producer thread (once).
  void Start(Producer producer);
  // Stops the producer and joins it. Never throws.
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Up to `max` items into `out` (cleared first), waiting for at least one;
  // empty at the end. Call with the GIL held: it is released while waiting.
  // Rethrows the export's error; raises KeyboardInterrupt (py::error_already_set)
  // when a signal handler raised, after stopping the producer.
  void Next(size_t max, std::vector<Item>* out);

  // Stops the producer and joins it (idempotent). Call with the GIL held.
  void Close();

  // Items handed out so far.
  size_t delivered() const { return delivered_; }

  // True once the consumer wants no more (for producers that wait on their own).
  bool Stopping();

 private:
  void Run(const Producer& producer);
  void StopAndJoin();

  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  bool done_ = false;         // the producer has finished (guarded by mutex_)
  bool stop_ = false;         // the consumer wants no more (guarded by mutex_)
  size_t want_ = 1;           // queued articles that wake the consumer (guarded by mutex_)
  std::exception_ptr error_;  // what the export threw (guarded by mutex_)
  size_t delivered_ = 0;
  std::thread producer_;
};

extern template class Stream<Article>;
extern template class Stream<KwicLine>;

using ExportStream = Stream<Article>;
using KwicStream = Stream<KwicLine>;

// A stream of Archive::Export(request) on `archive` (kept alive by the stream).
std::unique_ptr<ExportStream> ExportOf(std::shared_ptr<const Archive> archive,
                                       SearchRequest request, size_t capacity);

// A stream of Archive::Kwic(request, options) on `archive`.
std::unique_ptr<KwicStream> KwicOf(std::shared_ptr<const Archive> archive, SearchRequest request,
                                   KwicOptions options, size_t capacity);

}  // namespace morgue::python

#endif  // MORGUE_PYTHON_EXPORT_STREAM_H_
