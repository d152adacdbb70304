// Buffer planning for the CPU engine: each intermediate value gets an offset in one arena, values
// whose lifetimes (the steps from the one that writes them to the last that reads them) overlap get
// disjoint ranges, and values that are never alive at once share memory.
#ifndef CNN_ENGINE_MEMORY_PLAN_H_
#define CNN_ENGINE_MEMORY_PLAN_H_

#include <cstdint>
#include <vector>

namespace sentio::cnn::engine {

// Sizes and offsets are in bytes, whatever the element type of a buffer: an engine with a typed
// arena converts at the boundary.
struct BufferLifetime {
  int64_t size = 0;                   // in bytes
  int first_step = 0, last_step = 0;  // inclusive
};

struct MemoryPlan {
  std::vector<int64_t> offsets;  // per buffer, in bytes, multiples of kArenaAlignment
  int64_t arena_size = 0;        // in bytes, a multiple of kArenaAlignment
};

// Offsets are multiples of 64 bytes (a cache line; 16 floats).
constexpr int64_t kArenaAlignment = 64;

// Greedy by size, largest first: each buffer goes at the lowest offset that fits between the
// already placed buffers whose lifetimes overlap its own (TensorFlow Lite's arena planner does the
// same).
MemoryPlan PlanMemory(const std::vector<BufferLifetime>& buffers);

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_MEMORY_PLAN_H_
