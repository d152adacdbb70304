#include "cnn/cpu/thread_pool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sentio::cnn::cpu {
namespace {

// Polling rounds before a thread sleeps on a condition variable: about 0.25 ms on this machine's
// EPYC (a pause takes ~30 ns), longer than the gap between two runs of a small network (the slide
// CNN's workers slept and were woken once per run at 1,000 rounds), yet little CPU taken from
// other processes per call when the cores are shared.
constexpr int kSpinRounds = 8000;

void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::ParallelFor(int count, const std::function<void(int)>& task) {
  if (workers_.empty() || count <= 1) {
    for (int i = 0; i < count; ++i) task(i);
    return;
  }
  task_ = &task;
  task_count_ = count;
  next_task_.store(0);
  workers_busy_.store(static_cast<int>(workers_.size()));
  {
    // Under the mutex, so that a worker about to sleep either sees the new generation or is
    // woken by the notification.
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_release);
  }
  work_ready_.notify_all();
  RunTasks();
  // Every worker acknowledges every generation, so none still reads `task` after this wait.
  for (int spin = 0; spin < kSpinRounds && workers_busy_.load() > 0; ++spin) CpuRelax();
  if (workers_busy_.load() > 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    work_done_.wait(lock, [this] { return workers_busy_.load() == 0; });
  }
  task_ = nullptr;
}

void ThreadPool::RunTasks() {
  for (int i = next_task_.fetch_add(1); i < task_count_; i = next_task_.fetch_add(1)) (*task_)(i);
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  while (true) {
    for (int spin = 0; spin < kSpinRounds && generation_.load(std::memory_order_acquire) == seen;
         ++spin) {
      CpuRelax();
    }
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
      if (stopping_) return;
      seen = generation_.load(std::memory_order_acquire);
    }
    RunTasks();
    if (workers_busy_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      work_done_.notify_one();
    }
  }
}

}  // namespace sentio::cnn::cpu
