// Threads that run one task per index shard at once, so that a match over an
// archive's shards takes the time of its largest shard rather than the sum.
#ifndef MORGUE_QUERY_SHARD_POOL_H_
#define MORGUE_QUERY_SHARD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace morgue {

class ShardPool {
 public:
  // Starts `workers` threads (0: every task runs on the calling thread).
  explicit ShardPool(size_t workers);
  // Stops and joins the threads.
  ~ShardPool();
  ShardPool(const ShardPool&) = delete;
  ShardPool& operator=(const ShardPool&) = delete;

  // Runs task(0) ... task(n - 1), the calling thread taking part, and returns
  // when every one has ended. When tasks throw, rethrows the exception of the
  // lowest-numbered one (after all have ended). One Run at a time: calls from
  // several threads wait for each other.
  void Run(size_t n, const std::function<void(size_t)>& task);

  size_t workers() const { return threads_.size(); }

  // The threads worth starting on this machine for `shards` shards: one per
  // shard beyond the first, no more than the processors beyond the first.
  static size_t WorkersFor(size_t shards);

 private:
  void Work();
  // Runs tasks until none is left to start; call with mu_ held.
  void RunTasks(std::unique_lock<std::mutex>& lock);

  std::mutex run_mu_;  // one Run at a time
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t next_ = 0;     // the next task to start
  size_t count_ = 0;    // tasks in this Run
  size_t running_ = 0;  // tasks started and not yet ended
  std::vector<std::exception_ptr> errors_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_SHARD_POOL_H_
