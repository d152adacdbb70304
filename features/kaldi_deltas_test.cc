#include "features/kaldi_deltas.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatEq;
using ::testing::HasSubstr;
using ::testing::Pointwise;

TEST(KaldiDeltasTest, WeightsAreKaldis) {
  const auto weights = DeltaWeights({2, 2});
  ASSERT_EQ(weights.size(), 3u);
  EXPECT_THAT(weights[0], ElementsAre(1.0f));
  EXPECT_THAT(weights[1], Pointwise(FloatEq(), std::vector<float>{-0.2f, -0.1f, 0, 0.1f, 0.2f}));
  EXPECT_THAT(weights[2],
              Pointwise(FloatEq(), std::vector<float>{0.04f, 0.04f, 0.01f, -0.04f, -0.1f, -0.04f,
                                                      0.01f, 0.04f, 0.04f}));
}

TEST(KaldiDeltasTest, RampHasConstantSlopeAwayFromTheEnds) {
  Frames ramp{1, {}};
  for (int t = 0; t < 12; ++t) ramp.values.push_back(3.0f * t);
  absl::StatusOr<Frames> out = ComputeDeltas(ramp, {2, 2});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->dim, 3);
  for (int t = 4; t < 8; ++t) {
    EXPECT_FLOAT_EQ(out->values[t * 3], 3.0f * t);
    EXPECT_NEAR(out->values[t * 3 + 1], 3.0f, 1e-5);
    EXPECT_NEAR(out->values[t * 3 + 2], 0.0f, 1e-5);
  }
  // At the start the first frame repeats: frame 0 sees 0, 0, 0, 3, 6 -> (0.1 * 3 + 0.2 * 6).
  EXPECT_NEAR(out->values[1], 1.5f, 1e-6);
}

TEST(KaldiDeltasTest, StreamingEqualsWholeUtteranceForAnyBlocks) {
  std::mt19937 random(3);
  std::normal_distribution<float> value;
  for (int trial = 0; trial < 100; ++trial) {
    const DeltaOptions options{trial % 4, 1 + trial % 3};
    const int dim = 1 + trial % 5;
    Frames input{dim, {}};
    const int frames = std::uniform_int_distribution<int>(1, 40)(random);
    for (int i = 0; i < frames * dim; ++i) input.values.push_back(value(random));
    const Frames whole = *ComputeDeltas(input, options);

    StreamingDeltas stream = *StreamingDeltas::Create(options, dim);
    // Twice: Finish starts a new utterance.
    for (int pass = 0; pass < 2; ++pass) {
      std::vector<float> streamed;
      int next = 0;
      while (next < frames) {
        const int block = std::uniform_int_distribution<int>(0, 6)(random);
        const int end = std::min(frames, next + block);
        Frames out = stream.Accept(std::vector<float>(input.values.begin() + next * dim,
                                                      input.values.begin() + end * dim));
        streamed.insert(streamed.end(), out.values.begin(), out.values.end());
        next = end;
      }
      Frames rest = stream.Finish();
      streamed.insert(streamed.end(), rest.values.begin(), rest.values.end());
      ASSERT_EQ(streamed, whole.values) << "trial " << trial << " pass " << pass;
    }
  }
}

TEST(KaldiDeltasTest, RejectsBadOptions) {
  EXPECT_THAT(ComputeDeltas({1, {1}}, {-1, 2}).status().message(), HasSubstr("delta order -1"));
  EXPECT_THAT(StreamingDeltas::Create({2, 0}, 3).status().message(), HasSubstr("delta window 0"));
  EXPECT_FALSE(StreamingDeltas::Create({2, 2}, 0).ok());
}

}  // namespace
}  // namespace sentio
