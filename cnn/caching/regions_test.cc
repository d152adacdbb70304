#include "cnn/caching/regions.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::caching {
namespace {

using ::testing::ElementsAre;

TEST(RegionsTest, RunsOfChangedBlocks) {
  BlockChanges changes;
  changes.block_rows = 2;
  changes.block_cols = 4;
  changes.block_size = 16;
  changes.changed = {false, true, true, false, true, false, false, true};
  EXPECT_THAT(
      ChangedRegions(changes, 30, 60),
      ElementsAre(Rect{{0, 16}, {16, 48}}, Rect{{16, 30}, {0, 16}}, Rect{{16, 30}, {48, 60}}));
}

TEST(RegionsTest, GrowsThroughAWindowAlongBothAxes) {
  // 3x3, stride 2, pad 1 on 32 x 32 -> 16 x 16: input rows 10..13 reach output rows 5..6
  // (o * 2 - 1 + [0, 2]), columns 0..1 reach output columns 0..1.
  const RowWindow window = {3, 2, 1, 1};
  EXPECT_THAT(OutputRegionsReading({{{10, 14}, {0, 2}}}, window, window, 16, 16),
              ElementsAre(Rect{{5, 8}, {0, 2}}));
}

TEST(RegionsTest, MergedRegionsAreDisjointAndCoverTheInput) {
  std::mt19937 random(3);
  for (int trial = 0; trial < 300; ++trial) {
    Regions regions;
    for (int i = 0; i < 1 + static_cast<int>(random() % 8); ++i) {
      const int64_t r = random() % 40, c = random() % 50;
      regions.push_back({{r, r + 1 + static_cast<int64_t>(random() % (40 - r))},
                         {c, c + 1 + static_cast<int64_t>(random() % (50 - c))}});
    }
    const Regions merged = MergeRegions(regions, 2, 1, 40, 50);
    std::vector<int> cover(40 * 50, 0);
    for (const Rect& rect : merged) {
      ASSERT_GE(rect.rows.begin, 0);
      ASSERT_LE(rect.rows.end, 40);
      ASSERT_LE(rect.cols.end, 50);
      for (int64_t y = rect.rows.begin; y < rect.rows.end; ++y) {
        for (int64_t x = rect.cols.begin; x < rect.cols.end; ++x) ++cover[y * 50 + x];
      }
    }
    for (const Rect& rect : regions) {
      for (int64_t y = rect.rows.begin; y < rect.rows.end; ++y) {
        for (int64_t x = rect.cols.begin; x < rect.cols.end; ++x) {
          EXPECT_GE(cover[y * 50 + x], 1) << trial;
        }
      }
    }
    for (int count : cover) EXPECT_LE(count, 1) << trial;
    EXPECT_EQ(Area(merged), std::count(cover.begin(), cover.end(), 1)) << trial;
  }
}

TEST(RegionsTest, UnionMergesWithoutWidening) {
  EXPECT_THAT(UnionOfRegions({{{0, 3}, {0, 3}}}, {{{2, 5}, {1, 4}}, {{10, 11}, {10, 11}}}, 20, 20),
              ElementsAre(Rect{{0, 5}, {0, 4}}, Rect{{10, 11}, {10, 11}}));
}

}  // namespace
}  // namespace sentio::cnn::caching
