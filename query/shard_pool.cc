#include "query/shard_pool.h"

#include <algorithm>

namespace morgue {

ShardPool::ShardPool(size_t workers) {
  threads_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

ShardPool::~ShardPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

size_t ShardPool::WorkersFor(size_t shards) {
  size_t processors = std::max<size_t>(1, std::thread::hardware_concurrency());
  return std::min(shards, processors) - std::min<size_t>(1, shards);
}

void ShardPool::RunTasks(std::unique_lock<std::mutex>& lock) {
  while (task_ && next_ < count_) {
    size_t i = next_++;
    ++running_;
    const std::function<void(size_t)>& task = *task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      task(i);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) errors_[i] = error;
    if (--running_ == 0 && next_ == count_) done_cv_.notify_all();
  }
}

void ShardPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_ || (task_ && next_ < count_); });
    if (stop_) return;
    RunTasks(lock);
  }
}

void ShardPool::Run(size_t n, const std::function<void(size_t)>& task) {
  std::lock_guard<std::mutex> one_run(run_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  task_ = &task;
  next_ = 0;
  count_ = n;
  running_ = 0;
  errors_.assign(n, nullptr);
  if (n > 1 && !threads_.empty()) work_cv_.notify_all();
  RunTasks(lock);
  done_cv_.wait(lock, [this] { return running_ == 0 && next_ == count_; });
  task_ = nullptr;
  std::vector<std::exception_ptr> errors = std::move(errors_);
  errors_.clear();
  lock.unlock();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace morgue
