// ShardPool: every task runs once, on the pool's threads and the caller's,
// and a task's exception reaches the caller after all tasks have ended.
#include "query/shard_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

namespace morgue {
namespace {

TEST(ShardPoolTest, RunsEveryTaskOnceWithAnyNumberOfWorkers) {
  for (size_t workers : {0u, 1u, 3u}) {
    SCOPED_TRACE(workers);
    ShardPool pool(workers);
    EXPECT_EQ(pool.workers(), workers);
    for (size_t n : {0u, 1u, 2u, 7u}) {
      std::vector<std::atomic<int>> runs(n);
      pool.Run(n, [&](size_t i) { ++runs[i]; });
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i], 1) << "task " << i << " of " << n;
    }
  }
}

TEST(ShardPoolTest, TasksRunAtOnceOnDifferentThreads) {
  ShardPool pool(1);
  // Each task waits for the other to start: this ends only if both run at once.
  std::atomic<int> started{0};
  std::mutex mu;
  std::set<std::thread::id> threads;
  pool.Run(2, [&](size_t) {
    ++started;
    while (started < 2) std::this_thread::yield();
    std::lock_guard<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 1u);  // the caller took part
}

TEST(ShardPoolTest, RethrowsTheLowestNumberedFailureAfterEveryTaskEnded) {
  ShardPool pool(2);
  std::atomic<int> ended{0};
  try {
    pool.Run(5, [&](size_t i) {
      ++ended;
      if (i == 3) throw std::runtime_error("task 3");
      if (i == 1) throw std::invalid_argument("task 1");
    });
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "task 1");
  }
  EXPECT_EQ(ended, 5);
  // The pool is usable afterwards.
  std::atomic<int> runs{0};
  pool.Run(4, [&](size_t) { ++runs; });
  EXPECT_EQ(runs, 4);
}

TEST(ShardPoolTest, WorkersForLeavesOneShardToTheCaller) {
  EXPECT_EQ(ShardPool::WorkersFor(0), 0u);
  EXPECT_EQ(ShardPool::WorkersFor(1), 0u);
  size_t processors = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(ShardPool::WorkersFor(2), std::min<size_t>(2, processors) - 1);
  EXPECT_EQ(ShardPool::WorkersFor(64), processors - 1);
}

}  // namespace
}  // namespace morgue
