#include "classifiers/knn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pointwise;

// Two numeric attributes (x in 0..10, y in 0..100) and a class {left, right}.
Dataset Points() {
  Dataset data;
  data.relation = "points";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"y", AttributeType::kNumeric, {}, ""},
                     {"side", AttributeType::kNominal, {"left", "right"}, ""}};
  data.class_index = 2;
  data.instances = {{{0, 0, 0}, 1}, {{1, 100, 0}, 1}, {{9, 0, 1}, 1}, {{10, 100, 1}, 1}};
  return data;
}

Instance At(double x, double y) { return {{x, y, kMissingValue}, 1}; }

TEST(KnnClassifierTest, NearestNeighbourWithWekaPrior) {
  KnnClassifier knn(1);
  ASSERT_TRUE(knn.Train(Points()).ok());
  // Neighbour (1, 100) is of class left: 1/4 + 1 for left, 1/4 for right, then normalised.
  auto distribution = knn.Distribution(At(2, 90));
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), {1.25 / 1.5, 0.25 / 1.5}));
  EXPECT_EQ(MostProbableClass(*distribution), 0);
}

TEST(KnnClassifierTest, ScalesAttributesToTheTrainingRange) {
  // Unscaled, y would dominate and (9, 10) would sit closest to (0, 0); scaled to [0, 1], x
  // differs by 0.9 from (0, 0) but only 0.0 + 0.1 from (9, 0).
  KnnClassifier knn(1);
  ASSERT_TRUE(knn.Train(Points()).ok());
  EXPECT_EQ(MostProbableClass(*knn.Distribution(At(9, 10))), 1);
}

TEST(KnnClassifierTest, TiesWithTheKthNeighbourAlsoVote) {
  KnnClassifier knn(1);
  ASSERT_TRUE(knn.Train(Points()).ok());
  // Scaled, (4.5, 0) lies 0.45 from both (0, 0) and (9, 0): both are "the" nearest.
  auto distribution = knn.Distribution(At(4.5, 0));
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
}

TEST(KnnClassifierTest, InstanceWeightsCountAsVotes) {
  Dataset data = Points();
  data.instances[0].weight = 3;
  KnnClassifier knn(3);
  ASSERT_TRUE(knn.Train(data).ok());
  // The 3 nearest to (2, 0): (0,0) w3 left, (1,100) left, (9,0) right -> 3+1 vs 1 (+1/4 each).
  auto distribution = knn.Distribution(At(2, 0));
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), {4.25 / 5.5, 1.25 / 5.5}));
}

TEST(KnnClassifierTest, MissingValuesFollowWeka) {
  KnnClassifier knn(1);
  ASSERT_TRUE(knn.Train(Points()).ok());
  // With x missing its difference is max(v, 1 - v) of the neighbour's scaled x: 1.0 for x = 0
  // or 10, 0.9 for x = 1 or 9. y = 0 matches (0, 0) and (9, 0) exactly, so (9, 0) is nearest.
  auto distribution = knn.Distribution({{kMissingValue, 0, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok());
  EXPECT_EQ(MostProbableClass(*distribution), 1);
}

TEST(KnnClassifierTest, NominalAttributesDifferByOne) {
  Dataset data;
  data.relation = "colours";
  data.attributes = {{"colour", AttributeType::kNominal, {"red", "green", "blue"}, ""},
                     {"ripe", AttributeType::kNominal, {"no", "yes"}, ""}};
  data.class_index = 1;
  data.instances = {{{0, 1}, 1}, {{1, 0}, 1}};
  KnnClassifier knn(1);
  ASSERT_TRUE(knn.Train(data).ok());
  EXPECT_EQ(MostProbableClass(*knn.Distribution({{0, kMissingValue}, 1})), 1);
  EXPECT_EQ(MostProbableClass(*knn.Distribution({{1, kMissingValue}, 1})), 0);
  // Blue matches neither: a tie at distance 1, so both vote.
  EXPECT_THAT(*knn.Distribution({{2, kMissingValue}, 1}),
              Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
}

TEST(KnnClassifierTest, Errors) {
  KnnClassifier untrained(1);
  EXPECT_THAT(untrained.Distribution(At(0, 0)).status().message(), HasSubstr("not trained"));

  KnnClassifier zero(0);
  EXPECT_THAT(zero.Train(Points()).message(), HasSubstr("k >= 1"));

  Dataset unlabelled = Points();
  for (Instance& instance : unlabelled.instances) instance.values[2] = kMissingValue;
  KnnClassifier knn(1);
  EXPECT_THAT(knn.Train(unlabelled).message(), HasSubstr("no instance with a known class"));

  ASSERT_TRUE(knn.Train(Points()).ok());
  EXPECT_THAT(knn.Distribution({{1, 2}, 1}).status().message(),
              HasSubstr("instance has 2 values, the training data 3 attributes"));
  EXPECT_THAT(knn.Describe(), HasSubstr("kNN (k=1"));
}

}  // namespace
}  // namespace sentio
