#include "cnn/engine/memory_plan.h"

#include <random>

#include "gtest/gtest.h"

namespace sentio::cnn::engine {
namespace {

// No two buffers alive at the same step share a byte, and all fit in the arena.
void ExpectValid(const std::vector<BufferLifetime>& buffers, const MemoryPlan& plan) {
  ASSERT_EQ(plan.offsets.size(), buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % kArenaAlignment, 0);
    EXPECT_LE(plan.offsets[i] + buffers[i].size, plan.arena_size);
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const bool alive_together = buffers[i].first_step <= buffers[j].last_step &&
                                  buffers[j].first_step <= buffers[i].last_step;
      const bool share = plan.offsets[i] < plan.offsets[j] + buffers[j].size &&
                         plan.offsets[j] < plan.offsets[i] + buffers[i].size;
      EXPECT_FALSE(alive_together && share) << "buffers " << i << " and " << j;
    }
  }
}

TEST(MemoryPlanTest, AChainReusesTwoSlots) {
  // A chain of layers: each value is written at step i and read at step i + 1.
  std::vector<BufferLifetime> chain;
  for (int i = 0; i < 10; ++i) chain.push_back({4000, i, i + 1});  // 1000 floats
  const MemoryPlan plan = PlanMemory(chain);
  ExpectValid(chain, plan);
  EXPECT_EQ(plan.arena_size, 2 * 4032);  // each rounded up to 63 cache lines
}

TEST(MemoryPlanTest, ASkipConnectionKeepsItsValue) {
  const std::vector<BufferLifetime> buffers = {{256, 0, 3}, {128, 1, 2}, {128, 2, 3}, {256, 3, 4}};
  const MemoryPlan plan = PlanMemory(buffers);
  ExpectValid(buffers, plan);
  EXPECT_EQ(plan.arena_size, 256 + 256 + 128);
}

TEST(MemoryPlanTest, RandomLifetimesNeverOverlap) {
  std::mt19937 random(1);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<BufferLifetime> buffers(1 + random() % 30);
    int64_t total = 0;
    for (BufferLifetime& buffer : buffers) {
      buffer.size = random() % 2000;
      buffer.first_step = random() % 20;
      buffer.last_step = buffer.first_step + random() % 6;
      total += (buffer.size + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
    }
    const MemoryPlan plan = PlanMemory(buffers);
    ExpectValid(buffers, plan);
    EXPECT_LE(plan.arena_size, total);
  }
}

TEST(MemoryPlanTest, SizesAreBytesAlignedToCacheLines) {
  // Three float16 buffers of 10 values (20 bytes) alive together, and an int64 one after them.
  const std::vector<BufferLifetime> buffers = {{20, 0, 1}, {20, 0, 1}, {20, 1, 2}, {80, 3, 4}};
  const MemoryPlan plan = PlanMemory(buffers);
  ExpectValid(buffers, plan);
  for (int64_t offset : plan.offsets) EXPECT_EQ(offset % 64, 0);
  EXPECT_EQ(plan.arena_size, 3 * 64);
  EXPECT_EQ(plan.offsets[3], 0);  // its 128 bytes overlap the others, dead by then
}

TEST(MemoryPlanTest, NoBuffersNoArena) { EXPECT_EQ(PlanMemory({}).arena_size, 0); }

}  // namespace
}  // namespace sentio::cnn::engine
