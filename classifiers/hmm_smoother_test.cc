#include "classifiers/hmm_smoother.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pointwise;

TEST(HmmSmootherTest, HandComputedThreeStepViterbi) {
  // Sticky transitions, uniform initial distribution and prior, so emissions are 2p:
  //   e0 = (1.2, 0.8), e1 = (1.2, 0.8), e2 = (0.02, 1.98).
  //   d0 = (0.6, 0.4)
  //   d1(A) = max(0.6*0.9, 0.4*0.1) * 1.2 = 0.648 from A; d1(B) = max(0.6*0.1, 0.4*0.9) * 0.8 =
  //   0.288 from B
  //   d2(A) = max(0.648*0.9, 0.288*0.1) * 0.02 = 0.011664; d2(B) = max(0.648*0.1, 0.288*0.9) *
  //   1.98 = 0.513216 from B
  // The best path ends in B and comes from B twice: B B B, although the first two windows lean
  // to A (A A B scores only 0.6 * 0.9 * 1.2 * 0.1 * 1.98 = 0.128304).
  auto smoother = HmmSmoother::Create({{0.5, 0.5}, {{0.9, 0.1}, {0.1, 0.9}}, {0.5, 0.5}});
  ASSERT_TRUE(smoother.ok()) << smoother.status();
  auto path = smoother->Smooth({{0.6, 0.4}, {0.6, 0.4}, {0.01, 0.99}});
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_THAT(*path, ElementsAre(1, 1, 1));
  // Less sure of B at the end, A A A wins: d2(A) = 0.648*0.9*1.2 = 0.69984 > d2(B) =
  // 0.2592*0.8 = 0.20736.
  EXPECT_THAT(*smoother->Smooth({{0.6, 0.4}, {0.6, 0.4}, {0.6, 0.4}}), ElementsAre(0, 0, 0));
}

TEST(HmmSmootherTest, DividesTheClassPriorOut) {
  // Uniform transitions: each window on its own, by p / prior: 0.7 / 0.8 < 0.3 / 0.2.
  auto smoother = HmmSmoother::Create({{0.5, 0.5}, {{0.5, 0.5}, {0.5, 0.5}}, {0.8, 0.2}});
  ASSERT_TRUE(smoother.ok()) << smoother.status();
  EXPECT_THAT(*smoother->Smooth({{0.7, 0.3}, {0.9, 0.1}}), ElementsAre(1, 0));
}

TEST(HmmSmootherTest, EstimatesAddOneSmoothedParameters) {
  auto smoother = HmmSmoother::FromLabelSequences({{0, 0, 1}}, 2);
  ASSERT_TRUE(smoother.ok()) << smoother.status();
  const HmmParameters& p = smoother->parameters();
  EXPECT_THAT(p.initial, Pointwise(DoubleNear(1e-12), {2.0 / 3, 1.0 / 3}));
  EXPECT_THAT(p.transition[0], Pointwise(DoubleNear(1e-12), {0.5, 0.5}));  // 0->0, 0->1 once
  EXPECT_THAT(p.transition[1], Pointwise(DoubleNear(1e-12), {0.5, 0.5}));  // never seen
  EXPECT_THAT(p.class_prior, Pointwise(DoubleNear(1e-12), {0.6, 0.4}));   // (1+2, 1+1) / 5
}

TEST(HmmSmootherTest, CorrectsOneFlippedWindowInANoisySequence) {
  // Training: activities that last 20 windows each.
  std::vector<int> truth;
  for (int c : {0, 1, 2, 0, 2, 1}) truth.insert(truth.end(), 20, c);
  auto smoother = HmmSmoother::FromLabelSequences({truth}, 3);
  ASSERT_TRUE(smoother.ok()) << smoother.status();
  std::vector<std::vector<double>> windows;
  for (int label : truth) {
    std::vector<double> p(3, 0.15);
    p[label] = 0.7;
    windows.push_back(p);
  }
  windows[30] = {0.0, 0.2, 0.8};  // class 1 truly, class 2 by the classifier, 0 for class 0
  auto path = smoother->Smooth(windows);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, truth);
}

TEST(HmmSmootherTest, EmptySequenceGivesEmptyPath) {
  auto smoother = HmmSmoother::FromLabelSequences({}, 2);
  ASSERT_TRUE(smoother.ok());
  EXPECT_TRUE(smoother->Smooth({})->empty());
}

TEST(HmmSmootherTest, RejectsMalformedParametersAndInput) {
  EXPECT_THAT(HmmSmoother::Create({{}, {}, {}}).status().message(), HasSubstr("no classes"));
  EXPECT_THAT(HmmSmoother::Create({{0.5, 0.5}, {{1, 0}, {0, 1}}, {0.5, 0.5}}).status().message(),
              HasSubstr("transition row 0 entry 1 is 0, not positive"));
  EXPECT_THAT(
      HmmSmoother::Create({{0.5, 0.6}, {{0.5, 0.5}, {0.5, 0.5}}, {0.5, 0.5}}).status().message(),
      HasSubstr("initial distribution sums to 1.1, not 1"));
  EXPECT_THAT(HmmSmoother::Create({{0.5, 0.5}, {{0.5, 0.5}}, {0.5, 0.5}}).status().message(),
              HasSubstr("transition matrix has 1 rows for 2 classes"));
  EXPECT_THAT(HmmSmoother::Create({{0.5, 0.5}, {{0.5, 0.5}, {0.5, 0.5}}, {1.0}}).status().message(),
              HasSubstr("class prior has 1 entries for 2 classes"));
  EXPECT_THAT(HmmSmoother::FromLabelSequences({{0, 1}, {1, 2}}, 2).status().message(),
              HasSubstr("label 2 at position 1 of sequence 1 is not a class from 0 to 1"));
  EXPECT_FALSE(HmmSmoother::FromLabelSequences({}, 0).ok());

  auto smoother = HmmSmoother::FromLabelSequences({{0, 1}}, 2);
  ASSERT_TRUE(smoother.ok());
  EXPECT_THAT(smoother->Smooth({{0.5, 0.5}, {1.0}}).status().message(),
              HasSubstr("window 1 has 1 probabilities for 2 classes"));
  EXPECT_THAT(smoother->Smooth({{0.5, NAN}}).status().message(),
              HasSubstr("window 0 has probability nan for class 1"));
  EXPECT_THAT(smoother->Smooth({{-0.5, 1.5}}).status().message(),
              HasSubstr("window 0 has probability -0.5 for class 0"));
}

}  // namespace
}  // namespace sentio
