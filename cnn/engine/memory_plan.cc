#include "cnn/engine/memory_plan.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace sentio::cnn::engine {

MemoryPlan PlanMemory(const std::vector<BufferLifetime>& buffers) {
  MemoryPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return buffers[a].size > buffers[b].size; });
  std::vector<size_t> placed;
  for (size_t i : order) {
    const BufferLifetime& buffer = buffers[i];
    const int64_t size = (buffer.size + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
    // The ranges taken, during this buffer's lifetime, by the buffers placed so far.
    std::vector<std::pair<int64_t, int64_t>> taken;
    for (size_t j : placed) {
      const BufferLifetime& other = buffers[j];
      if (other.first_step <= buffer.last_step && buffer.first_step <= other.last_step) {
        taken.emplace_back(plan.offsets[j], plan.offsets[j] + other.size);
      }
    }
    std::sort(taken.begin(), taken.end());
    int64_t offset = 0;
    for (const auto& [begin, end] : taken) {
      if (begin - offset >= size) break;
      offset = std::max(offset, (end + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment);
    }
    plan.offsets[i] = offset;
    plan.arena_size = std::max(plan.arena_size, offset + size);
    placed.push_back(i);
  }
  return plan;
}

}  // namespace sentio::cnn::engine
