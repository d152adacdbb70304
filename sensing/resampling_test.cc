#include "sensing/resampling.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ImuBlock Block(std::vector<int64_t> timestamps, std::vector<float> samples) {
  return *ImuBlock::Create({"x", "y"}, std::move(timestamps), std::move(samples));
}

TEST(ResamplingTest, InterpolatesIrregularSamplesOntoTheGrid) {
  // x rises 1 per ms, y falls 2 per ms; samples at irregular times.
  auto resampled = ResampleLinear(
      Block({1000, 3500, 4000, 9000}, {1, -2, 3.5, -7, 4, -8, 9, -18}), 2000);
  ASSERT_TRUE(resampled.ok()) << resampled.status();
  EXPECT_THAT(resampled->channel_names(), ElementsAre("x", "y"));
  EXPECT_THAT(resampled->timestamps_us(), ElementsAre(1000, 3000, 5000, 7000, 9000));
  EXPECT_THAT(resampled->Channel(0, 0, 5), ElementsAre(1, 3, 5, 7, 9));
  EXPECT_THAT(resampled->Channel(1, 0, 5), ElementsAre(-2, -6, -10, -14, -18));
}

TEST(ResamplingTest, GridStopsAtOrBeforeTheLastSample) {
  auto resampled = ResampleLinear(Block({0, 2500}, {0, 0, 25, 50}), 1000);
  ASSERT_TRUE(resampled.ok());
  EXPECT_THAT(resampled->timestamps_us(), ElementsAre(0, 1000, 2000));
  EXPECT_THAT(resampled->Channel(1, 0, 3), ElementsAre(0, 20, 40));
}

TEST(ResamplingTest, DenseInputIsDecimated) {
  auto resampled = ResampleLinear(Block({0, 100, 200, 300, 400}, {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}),
                                  200);
  ASSERT_TRUE(resampled.ok());
  EXPECT_THAT(resampled->Channel(0, 0, 3), ElementsAre(0, 2, 4));
}

TEST(ResamplingTest, SingleSampleAndEmptyBlocks) {
  auto single = ResampleLinear(Block({500}, {1, 2}), 1000);
  ASSERT_TRUE(single.ok());
  EXPECT_THAT(single->timestamps_us(), ElementsAre(500));
  auto empty = ResampleLinear(Block({}, {}), 1000);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->num_samples(), 0);
}

TEST(ResamplingTest, RejectsNonPositivePeriod) {
  EXPECT_THAT(ResampleLinear(Block({0}, {0, 0}), 0).status().message(),
              HasSubstr("period 0 µs must be positive"));
}

}  // namespace
}  // namespace sentio
