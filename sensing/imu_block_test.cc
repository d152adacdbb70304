#include "sensing/imu_block.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ImuBlockTest, StoresInterleavedSamples) {
  auto block = ImuBlock::Create({"x", "y"}, {0, 100, 250}, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(block.ok()) << block.status();
  EXPECT_EQ(block->num_channels(), 2);
  EXPECT_EQ(block->num_samples(), 3);
  EXPECT_EQ(block->at(1, 0), 3);
  EXPECT_EQ(block->at(2, 1), 6);
  EXPECT_THAT(block->Channel(1, 0, 3), ElementsAre(2, 4, 6));
  EXPECT_THAT(block->Channel(0, 1, 3), ElementsAre(3, 5));
  EXPECT_THAT(block->timestamps_us(), ElementsAre(0, 100, 250));
}

TEST(ImuBlockTest, EmptyBlockIsValid) {
  auto block = ImuBlock::Create({"x"}, {}, {});
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->num_samples(), 0);
}

TEST(ImuBlockTest, RejectsNoChannels) {
  EXPECT_THAT(ImuBlock::Create({}, {}, {}).status().message(), HasSubstr("at least one channel"));
}

TEST(ImuBlockTest, RejectsSizeMismatch) {
  EXPECT_THAT(ImuBlock::Create({"x", "y"}, {0, 1}, {1, 2, 3}).status().message(),
              HasSubstr("3 values for 2 timestamps of 2 channels"));
}

TEST(ImuBlockTest, RejectsNonIncreasingTimestamps) {
  EXPECT_THAT(ImuBlock::Create({"x"}, {0, 10, 10}, {1, 2, 3}).status().message(),
              HasSubstr("sample 2 at 10 us follows 10 us"));
}

TEST(ImuBlockTest, RejectsNaN) {
  EXPECT_THAT(ImuBlock::Create({"x", "y"}, {0, 10}, {1, 2, NAN, 4}).status().message(),
              HasSubstr("sample 1 channel 'x' is not a finite number"));
}

TEST(ImuBlockTest, UniformTimestamps) {
  EXPECT_THAT(ImuBlock::UniformTimestamps(5, 100000, 3), ElementsAre(5, 100005, 200005));
}

}  // namespace
}  // namespace sentio
