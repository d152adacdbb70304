#include "cnn/cpu/thread_pool.h"

#include <atomic>
#include <chrono>
#include <vector>

#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

TEST(ThreadPoolTest, RunsEveryTaskOnceForAnySize) {
  for (int threads : {1, 2, 3, 5}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.size(), threads);
    for (int count : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> runs(count);
      pool.ParallelFor(count, [&](int i) { runs[i].fetch_add(1); });
      for (int i = 0; i < count; ++i) EXPECT_EQ(runs[i].load(), 1) << threads << " " << count;
    }
  }
}

TEST(ThreadPoolTest, ManyConsecutiveCallsAllFinish) {
  ThreadPool pool(3);
  std::atomic<int64_t> total{0};
  for (int call = 0; call < 2000; ++call) {
    pool.ParallelFor(4, [&](int i) { total.fetch_add(i + 1); });
  }
  EXPECT_EQ(total.load(), 2000 * 10);
}

TEST(ThreadPoolTest, UsesMoreThanOneThreadWhenAsked) {
  ThreadPool pool(2);
  std::atomic<int> inside{0}, most{0};
  // Each task waits (bounded) for the other to start, so two run at once unless only one thread
  // exists; `most` records the largest overlap seen.
  pool.ParallelFor(2, [&](int) {
    const int now = inside.fetch_add(1) + 1;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (inside.load() < 2 && std::chrono::steady_clock::now() < deadline) {
    }
    const int after = inside.load();
    seen = most.load();
    while (after > seen && !most.compare_exchange_weak(seen, after)) {
    }
  });
  EXPECT_EQ(most.load(), 2);
}

}  // namespace
}  // namespace sentio::cnn::cpu
