#include "classifiers/knn.h"

#include <cmath>
#include <random>

#include "classifiers/model_file.pb.h"
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
  EXPECT_THAT(*knn.Distribution({{2, kMissingValue}, 1}), Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
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

KnnOptions Options(int k, KnnDistance distance = KnnDistance::kEuclidean,
                   KnnWeighting weighting = KnnWeighting::kUniform,
                   KnnNormalization normalization = KnnNormalization::kMinMax,
                   KnnSearch search = KnnSearch::kAuto) {
  KnnOptions options;
  options.k = k;
  options.distance = distance;
  options.weighting = weighting;
  options.normalization = normalization;
  options.search = search;
  return options;
}

std::vector<double> DistancesOf(const std::vector<Neighbour>& neighbours) {
  std::vector<double> distances;
  for (const Neighbour& neighbour : neighbours) distances.push_back(neighbour.distance);
  return distances;
}

std::vector<int> IndicesOf(const std::vector<Neighbour>& neighbours) {
  std::vector<int> indices;
  for (const Neighbour& neighbour : neighbours) indices.push_back(neighbour.index);
  return indices;
}

TEST(KnnClassifierTest, ManhattanCanPickAnotherNeighbour) {
  // Scaled to [0, 1], from (0, 0): (4, 4) lies 0.566 (Euclidean) or 0.8 (Manhattan) away,
  // (6, 0) 0.6 either way.
  Dataset data = Points();
  data.instances = {{{4, 4, 0}, 1}, {{6, 0, 1}, 1}, {{10, 10, 1}, 1}, {{0, 10, 0}, 1}};
  KnnClassifier euclidean(Options(1));
  KnnClassifier manhattan(Options(1, KnnDistance::kManhattan));
  ASSERT_TRUE(euclidean.Train(data).ok());
  ASSERT_TRUE(manhattan.Train(data).ok());
  EXPECT_EQ(MostProbableClass(*euclidean.Distribution(At(0, 0))), 0);
  EXPECT_EQ(MostProbableClass(*manhattan.Distribution(At(0, 0))), 1);
  EXPECT_THAT(DistancesOf(*manhattan.Neighbours(At(0, 0))), ElementsAre(DoubleNear(0.6, 1e-12)));
}

TEST(KnnClassifierTest, WekaDistanceWeighting) {
  // From (2, 0), scaled (0.2, 0): (0, 0) left at 0.2, (9, 0) right at 0.7, (1, 100) left at
  // sqrt(1.01). Weka weighs by the distance over sqrt(2 attributes).
  const double left_near = 0.2 / std::sqrt(2), right = 0.7 / std::sqrt(2),
               left_far = std::sqrt(1.01) / std::sqrt(2);
  KnnClassifier inverse(Options(3, KnnDistance::kEuclidean, KnnWeighting::kInverse));
  ASSERT_TRUE(inverse.Train(Points()).ok());
  const double inverse_left = 0.25 + 1 / (left_near + 0.001) + 1 / (left_far + 0.001);
  const double inverse_right = 0.25 + 1 / (right + 0.001);
  EXPECT_THAT(*inverse.Distribution(At(2, 0)),
              Pointwise(DoubleNear(1e-9), {inverse_left / (inverse_left + inverse_right),
                                           inverse_right / (inverse_left + inverse_right)}));

  KnnClassifier similarity(Options(3, KnnDistance::kEuclidean, KnnWeighting::kSimilarity));
  ASSERT_TRUE(similarity.Train(Points()).ok());
  const double similar_left = 0.25 + (1 - left_near) + (1 - left_far);
  const double similar_right = 0.25 + (1 - right);
  EXPECT_THAT(*similarity.Distribution(At(2, 0)),
              Pointwise(DoubleNear(1e-9), {similar_left / (similar_left + similar_right),
                                           similar_right / (similar_left + similar_right)}));
}

TEST(KnnClassifierTest, SimilarityNeverVotesNegatively) {
  // Far outside the training range every neighbour is more than 1 per attribute away: all
  // similarity weights are 0 (Weka would use negative ones) and the prior alone remains.
  KnnClassifier similarity(Options(2, KnnDistance::kManhattan, KnnWeighting::kSimilarity));
  ASSERT_TRUE(similarity.Train(Points()).ok());
  EXPECT_THAT(*similarity.Distribution(At(100, 1000)), Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
}

TEST(KnnClassifierTest, ZScoreAndNoNormalization) {
  // x = 0, 1, 9, 10 has mean 5 and population deviation sqrt(20.5); y = 0, 100, 0, 100 has 50
  // and 50. (1, 100) and the query (5, 50) then differ by (4 / sqrt(20.5), 1).
  KnnClassifier zscore(
      Options(4, KnnDistance::kEuclidean, KnnWeighting::kUniform, KnnNormalization::kZScore));
  ASSERT_TRUE(zscore.Train(Points()).ok());
  auto neighbours = zscore.Neighbours(At(5, 50));
  ASSERT_TRUE(neighbours.ok());
  EXPECT_THAT(IndicesOf(*neighbours), ElementsAre(1, 2, 0, 3));
  EXPECT_NEAR((*neighbours)[0].distance, std::sqrt(16 / 20.5 + 1), 1e-12);

  // Unscaled, y dominates: from (0, 10), (9, 0) comes before (1, 100).
  KnnClassifier none(
      Options(4, KnnDistance::kManhattan, KnnWeighting::kUniform, KnnNormalization::kNone));
  ASSERT_TRUE(none.Train(Points()).ok());
  neighbours = none.Neighbours(At(0, 10));
  ASSERT_TRUE(neighbours.ok());
  EXPECT_THAT(DistancesOf(*neighbours), ElementsAre(10, 19, 91, 100));
  EXPECT_THAT(IndicesOf(*neighbours), ElementsAre(0, 2, 1, 3));
  // A missing x lies as far as the training range [0, 10] allows from the known value.
  neighbours = none.Neighbours({{kMissingValue, 0, kMissingValue}, 1});
  ASSERT_TRUE(neighbours.ok());
  EXPECT_THAT(DistancesOf(*neighbours), ElementsAre(9, 10, 109, 110));
}

// Points with a third attribute that every instance has equal to 7 (or missing, when `missing`).
Dataset PointsWithExtraAttribute(bool missing) {
  Dataset data = Points();
  data.attributes.insert(data.attributes.begin() + 2, {"extra", AttributeType::kNumeric, {}, ""});
  data.class_index = 3;
  for (Instance& instance : data.instances) {
    instance.values.insert(instance.values.begin() + 2, missing ? kMissingValue : 7.0);
  }
  return data;
}

TEST(KnnClassifierTest, ZeroVarianceAttributeUnderZScoreCountsForNothing) {
  KnnOptions options =
      Options(4, KnnDistance::kEuclidean, KnnWeighting::kUniform, KnnNormalization::kZScore);
  KnnClassifier plain(options), extra(options);
  ASSERT_TRUE(plain.Train(Points()).ok());
  ASSERT_TRUE(extra.Train(PointsWithExtraAttribute(false)).ok());
  const auto expected = plain.Neighbours(At(3, 30));
  ASSERT_TRUE(expected.ok());
  for (double value : {7.0, 1e6, kMissingValue}) {
    EXPECT_EQ(*extra.Neighbours({{3, 30, value, kMissingValue}, 1}), *expected) << value;
  }
}

TEST(KnnClassifierTest, AllMissingAttribute) {
  for (KnnNormalization normalization :
       {KnnNormalization::kMinMax, KnnNormalization::kZScore, KnnNormalization::kNone}) {
    const KnnOptions options =
        Options(1, KnnDistance::kEuclidean, KnnWeighting::kUniform, normalization);
    KnnClassifier plain(options), extra(options);
    ASSERT_TRUE(plain.Train(Points()).ok());
    ASSERT_TRUE(extra.Train(PointsWithExtraAttribute(true)).ok());
    // The same neighbours as without the attribute (under min-max Weka adds 1 to every
    // squared distance, which does not change the order).
    for (double value : {3.0, kMissingValue}) {
      EXPECT_EQ(IndicesOf(*extra.Neighbours({{3, 30, value, kMissingValue}, 1})),
                IndicesOf(*plain.Neighbours(At(3, 30))))
          << KnnNormalizationName(normalization) << " " << value;
    }
  }
}

TEST(KnnClassifierTest, KLargerThanTheTrainingSetUsesEveryInstance) {
  KnnClassifier knn(Options(10));
  ASSERT_TRUE(knn.Train(Points()).ok());
  EXPECT_THAT(IndicesOf(*knn.Neighbours(At(0, 0))), ElementsAre(0, 2, 1, 3));
  EXPECT_THAT(*knn.Distribution(At(0, 0)), Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
}

TEST(KnnClassifierTest, CosineDistance) {
  Dataset data;
  data.relation = "directions";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"y", AttributeType::kNumeric, {}, ""},
                     {"to", AttributeType::kNominal, {"a", "b", "c"}, ""}};
  data.class_index = 2;
  data.instances = {{{1, 0, 0}, 1}, {{0, 1, 1}, 1}, {{3, 3, 2}, 1}};
  const Instance query{{10, 1, kMissingValue}, 1};
  KnnClassifier euclidean(
      Options(1, KnnDistance::kEuclidean, KnnWeighting::kUniform, KnnNormalization::kNone));
  KnnClassifier cosine(
      Options(1, KnnDistance::kCosine, KnnWeighting::kUniform, KnnNormalization::kNone));
  ASSERT_TRUE(euclidean.Train(data).ok());
  ASSERT_TRUE(cosine.Train(data).ok());
  EXPECT_EQ(MostProbableClass(*euclidean.Distribution(query)), 2);
  EXPECT_EQ(MostProbableClass(*cosine.Distribution(query)), 0);
  EXPECT_THAT(DistancesOf(*cosine.Neighbours(query)),
              ElementsAre(DoubleNear(1 - 10 / std::sqrt(101), 1e-12)));
  EXPECT_FALSE(cosine.uses_kd_tree());
}

TEST(KnnClassifierTest, CosineWithNominalAndMissingValues) {
  Dataset data;
  data.relation = "fruit";
  data.attributes = {{"size", AttributeType::kNumeric, {}, ""},
                     {"colour", AttributeType::kNominal, {"red", "blue"}, ""},
                     {"ripe", AttributeType::kNominal, {"no", "yes"}, ""}};
  data.class_index = 2;
  data.instances = {{{1, 0, 1}, 1}};
  KnnClassifier cosine(
      Options(1, KnnDistance::kCosine, KnnWeighting::kUniform, KnnNormalization::kNone));
  ASSERT_TRUE(cosine.Train(data).ok());
  auto distance = [&](double size, double colour) {
    return (*cosine.Neighbours({{size, colour, kMissingValue}, 1}))[0].distance;
  };
  EXPECT_NEAR(distance(1, 0), 0, 1e-12);    // (1, red) . (1, red) = 2 of 2
  EXPECT_NEAR(distance(1, 1), 0.5, 1e-12);  // only the size agrees: 1 of 2
  EXPECT_NEAR(distance(1, kMissingValue), 1 - 1 / std::sqrt(2), 1e-12);
  EXPECT_EQ(distance(0, kMissingValue), 1);  // a zero vector: no similarity
}

// 200 instances of 3 uniform numeric attributes and a random class of 3.
Dataset RandomNumericData(std::mt19937& random) {
  Dataset data;
  data.relation = "random";
  data.attributes = {{"a", AttributeType::kNumeric, {}, ""},
                     {"b", AttributeType::kNumeric, {}, ""},
                     {"c", AttributeType::kNumeric, {}, ""},
                     {"class", AttributeType::kNominal, {"x", "y", "z"}, ""}};
  data.class_index = 3;
  std::uniform_int_distribution<int> grid(0, 9), label(0, 2);
  for (int i = 0; i < 200; ++i) {
    data.instances.push_back({{grid(random) * 0.1, grid(random) * 0.7, grid(random) * 3.0,
                               static_cast<double>(label(random))},
                              1});
  }
  return data;
}

TEST(KnnClassifierTest, AutoSearchPicksTheKdTreeAndAgreesWithBruteForce) {
  std::mt19937 random(3);
  const Dataset data = RandomNumericData(random);
  for (KnnDistance distance : {KnnDistance::kEuclidean, KnnDistance::kManhattan}) {
    KnnClassifier automatic(Options(5, distance));
    KnnClassifier brute(
        Options(5, distance, KnnWeighting::kUniform, KnnNormalization::kMinMax, KnnSearch::kBrute));
    ASSERT_TRUE(automatic.Train(data).ok());
    ASSERT_TRUE(brute.Train(data).ok());
    EXPECT_TRUE(automatic.uses_kd_tree());
    EXPECT_FALSE(brute.uses_kd_tree());
    EXPECT_THAT(automatic.Describe(), HasSubstr("auto search: kd-tree"));
    for (const Instance& instance : data.instances) {
      EXPECT_EQ(*automatic.Neighbours(instance), *brute.Neighbours(instance));
    }
    // A query with a missing value goes to brute force.
    const Instance partial{{0.3, kMissingValue, 9, kMissingValue}, 1};
    EXPECT_EQ(*automatic.Neighbours(partial), *brute.Neighbours(partial));
  }
  KnnClassifier few(Options(1));
  ASSERT_TRUE(few.Train(Points()).ok());
  EXPECT_FALSE(few.uses_kd_tree());  // 4 instances: not worth a tree
}

TEST(KnnClassifierTest, KdTreeRefusesDataItCannotSearch) {
  const KnnOptions kd_tree = Options(1, KnnDistance::kEuclidean, KnnWeighting::kUniform,
                                     KnnNormalization::kMinMax, KnnSearch::kKdTree);
  Dataset nominal;
  nominal.relation = "colours";
  nominal.attributes = {{"colour", AttributeType::kNominal, {"red", "green"}, ""},
                        {"ripe", AttributeType::kNominal, {"no", "yes"}, ""}};
  nominal.class_index = 1;
  nominal.instances = {{{0, 1}, 1}, {{1, 0}, 1}};
  KnnClassifier knn(kd_tree);
  EXPECT_THAT(knn.Train(nominal).message(),
              HasSubstr("search=kdtree needs numeric attributes without missing values"));
  EXPECT_THAT(knn.Train(nominal).message(), HasSubstr("attribute 'colour' is nominal"));

  Dataset missing = Points();
  missing.instances[2].values[1] = kMissingValue;
  EXPECT_THAT(knn.Train(missing).message(),
              HasSubstr("attribute 'y' has a missing value in instance 3 in 'points'"));
  ASSERT_TRUE(knn.Train(Points()).ok());
  EXPECT_TRUE(knn.uses_kd_tree());
}

TEST(KnnClassifierTest, SavesAndRestoresItsOptions) {
  const KnnOptions options = Options(3, KnnDistance::kManhattan, KnnWeighting::kInverse,
                                     KnnNormalization::kZScore, KnnSearch::kBrute);
  KnnClassifier trained(options);
  ASSERT_TRUE(trained.Train(Points()).ok());
  ModelState state;
  ASSERT_TRUE(trained.SaveState(&state).ok());
  EXPECT_EQ(state.knn().k(), 3);
  EXPECT_EQ(state.knn().distance(), "manhattan");
  EXPECT_EQ(state.knn().normalization(), "zscore");
  EXPECT_EQ(state.knn().mean_size(), 3);

  KnnClassifier restored(1);  // made with the defaults: the state's options win
  ASSERT_TRUE(restored.LoadState(Points(), state).ok());
  EXPECT_EQ(restored.Describe(), trained.Describe());
  for (double x : {0.0, 2.5, 7.0}) {
    EXPECT_EQ(*restored.Distribution(At(x, 40)), *trained.Distribution(At(x, 40)));
  }
}

TEST(KnnClassifierTest, StatesWithoutOptionsKeepTheClassifiers) {
  KnnClassifier trained(1);
  ASSERT_TRUE(trained.Train(Points()).ok());
  ModelState state;
  ASSERT_TRUE(trained.SaveState(&state).ok());
  KnnState& knn = *state.mutable_knn();
  knn.clear_k();
  knn.clear_distance();
  knn.clear_weighting();
  knn.clear_normalization();
  knn.clear_search();  // as written before the options were saved
  KnnClassifier manhattan(Options(2, KnnDistance::kManhattan));
  ASSERT_TRUE(manhattan.LoadState(Points(), state).ok());
  EXPECT_THAT(manhattan.Describe(), HasSubstr("kNN (k=2, manhattan distance, uniform weighting, "
                                              "minmax normalization"));
}

TEST(KnnClassifierTest, BadSavedOptionsFail) {
  KnnClassifier trained(1);
  ASSERT_TRUE(trained.Train(Points()).ok());
  ModelState state;
  ASSERT_TRUE(trained.SaveState(&state).ok());
  KnnClassifier knn(1);

  ModelState bad = state;
  bad.mutable_knn()->set_distance("hamming");
  EXPECT_THAT(knn.LoadState(Points(), bad).message(),
              HasSubstr("kNN state: kNN option distance=hamming is not one of"));
  bad = state;
  bad.mutable_knn()->set_k(-2);
  EXPECT_THAT(knn.LoadState(Points(), bad).message(), HasSubstr("kNN state: k is -2"));
  bad = state;
  bad.mutable_knn()->set_normalization("zscore");  // without means and deviations
  EXPECT_THAT(knn.LoadState(Points(), bad).message(),
              HasSubstr("0 means and 0 standard deviations for 3 attributes (zscore"));
  bad.mutable_knn()->mutable_mean()->Resize(3, 0);
  bad.mutable_knn()->mutable_standard_deviation()->Resize(3, -1);
  EXPECT_THAT(knn.LoadState(Points(), bad).message(),
              HasSubstr("attribute 'x' has mean 0 and standard deviation -1"));
  bad = state;
  bad.mutable_knn()->set_search("kdtree");
  bad.mutable_knn()->set_distance("cosine");
  EXPECT_THAT(knn.LoadState(Points(), bad).message(),
              HasSubstr("search=kdtree with distance=cosine"));
}

}  // namespace
}  // namespace sentio
