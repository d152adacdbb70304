// A small persistent pool of worker threads for the CPU engine: the caller and the workers share
// the tasks of one ParallelFor at a time, so no thread is created per layer. Between calls the
// workers spin briefly before they sleep, so a network's back-to-back layers do not each pay for
// waking them.
#ifndef CNN_CPU_THREAD_POOL_H_
#define CNN_CPU_THREAD_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sentio::cnn::cpu {

class ThreadPool {
 public:
  // `threads` counts the caller: a pool of 1 runs everything on the caller (at least 1).
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(i) for every i in [0, count) on the caller and the workers, and returns when all
  // have finished. Which thread runs which i is not fixed; callers that need reproducible results
  // make each task's work depend on i only. Not reentrant: one ParallelFor at a time.
  void ParallelFor(int count, const std::function<void(int)>& task);

 private:
  void WorkerLoop();
  // Claims and runs tasks of the current ParallelFor until none is left.
  void RunTasks();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_, work_done_;
  std::atomic<uint64_t> generation_{0};  // counts ParallelFor calls; workers start when it changes
  std::atomic<int> workers_busy_{0};     // workers that have not finished the current generation
  bool stopping_ = false;                // guarded by mutex_
  const std::function<void(int)>* task_ = nullptr;
  int task_count_ = 0;
  std::atomic<int> next_task_{0};
};

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_THREAD_POOL_H_
