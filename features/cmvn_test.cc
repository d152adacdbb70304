#include "features/cmvn.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

Frames RandomFrames(int count, int dim, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> value(3.0f, 2.0f);
  Frames frames{dim, {}};
  for (int i = 0; i < count * dim; ++i) frames.values.push_back(value(random));
  return frames;
}

TEST(CmvnTest, UtteranceMeanAndVarianceNormalisation) {
  Frames frames = RandomFrames(50, 3, 1);
  Frames centred = frames;
  ApplyUtteranceCmvn(false, centred);
  ApplyUtteranceCmvn(true, frames);
  for (int d = 0; d < 3; ++d) {
    double sum = 0, sum_centred = 0, sum_squares = 0;
    for (int t = 0; t < 50; ++t) {
      sum += frames.values[t * 3 + d];
      sum_squares += frames.values[t * 3 + d] * frames.values[t * 3 + d];
      sum_centred += centred.values[t * 3 + d];
    }
    EXPECT_NEAR(sum / 50, 0, 1e-5);
    EXPECT_NEAR(sum_squares / 50, 1, 1e-4);
    EXPECT_NEAR(sum_centred / 50, 0, 1e-5);
  }
}

TEST(CmvnTest, ConstantDimensionIsCentredNotBlownUp) {
  Frames frames{1, {2, 2, 2}};
  ApplyUtteranceCmvn(true, frames);
  for (float v : frames.values) EXPECT_EQ(v, 0.0f);
  Frames empty{4, {}};
  ApplyUtteranceCmvn(true, empty);
  EXPECT_TRUE(empty.values.empty());
}

TEST(CmvnTest, SlidingSubtractsTheMeanOfTheLastWindowFrames) {
  const Frames input = RandomFrames(40, 2, 2);
  SlidingCmn cmn = *SlidingCmn::Create(7, 2, false);
  std::vector<float> out;
  // In blocks of 3: the state carries over.
  for (int start = 0; start < 40; start += 3) {
    const int end = std::min(40, start + 3);
    std::vector<float> block(input.values.begin() + start * 2, input.values.begin() + end * 2);
    cmn.Apply(block);
    out.insert(out.end(), block.begin(), block.end());
  }
  for (int t = 0; t < 40; ++t) {
    for (int d = 0; d < 2; ++d) {
      double mean = 0;
      const int first = std::max(0, t - 6);
      for (int u = first; u <= t; ++u) mean += input.values[u * 2 + d];
      mean /= t - first + 1;
      EXPECT_NEAR(out[t * 2 + d], input.values[t * 2 + d] - mean, 1e-5) << t;
    }
  }
  EXPECT_THAT(SlidingCmn::Create(0, 2, false).status().message(), HasSubstr("must be positive"));
}

}  // namespace
}  // namespace sentio
