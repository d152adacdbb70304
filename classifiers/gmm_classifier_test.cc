#include "classifiers/gmm_classifier.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

Dataset TwoNumbers(std::vector<std::string> classes) {
  Dataset data;
  data.relation = "points";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"y", AttributeType::kNumeric, {}, ""},
                     {"class", AttributeType::kNominal, std::move(classes), ""}};
  data.class_index = 2;
  return data;
}

// Class "a" around (-2, 0), class "b" around (2, 0), mirror images of each other.
Dataset Mirrored() {
  Dataset data = TwoNumbers({"a", "b"});
  for (double x : {1.0, 3.0}) {
    for (double y : {-1.0, 1.0}) {
      data.instances.push_back({{-x, y, 0}, 1});
      data.instances.push_back({{x, y, 1}, 1});
    }
  }
  return data;
}

GmmClassifierOptions Options(int components, CovarianceType covariance) {
  GmmClassifierOptions options;
  options.components = components;
  options.covariance = covariance;
  return options;
}

TEST(GmmClassifierTest, SeparatesTwoClasses) {
  GmmClassifier gmm(Options(1, CovarianceType::kDiagonal));
  ASSERT_TRUE(gmm.Train(Mirrored()).ok());
  auto left = gmm.Distribution({{-2.5, 0.3, kMissingValue}, 1});
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_GT((*left)[0], 0.99);
  EXPECT_NEAR((*left)[0] + (*left)[1], 1, 1e-12);
  EXPECT_EQ(MostProbableClass(*gmm.Distribution({{2.2, -0.5, kMissingValue}, 1})), 1);
}

TEST(GmmClassifierTest, PriorComesFromInstanceWeights) {
  Dataset data = Mirrored();
  for (Instance& instance : data.instances) {
    if (instance.values[2] == 0) instance.weight = 3;
  }
  GmmClassifier gmm(Options(1, CovarianceType::kSpherical));
  ASSERT_TRUE(gmm.Train(data).ok());
  // At the mirror line both densities are equal: the posterior is the prior, 12 : 4.
  auto middle = gmm.Distribution({{0, 0.4, kMissingValue}, 1});
  ASSERT_TRUE(middle.ok()) << middle.status();
  EXPECT_THAT(*middle, Pointwise(DoubleNear(1e-9), {0.75, 0.25}));
}

TEST(GmmClassifierTest, FullCovarianceSeparatesCrossingClasses) {
  // Class "rising" along y = x, class "falling" along y = -x: the same diagonal variances, so
  // only full covariances tell them apart.
  std::mt19937 random(9);
  const auto normal = [&random]() {
    const double u1 = (random() + 1.0) / 4294967297.0, u2 = random() / 4294967296.0;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  };
  Dataset train = TwoNumbers({"rising", "falling"});
  Dataset test = train;
  for (int i = 0; i < 400; ++i) {
    const double along = 3 * normal(), across = 0.3 * normal();
    const int c = i % 2;
    Dataset& target = i < 200 ? train : test;
    target.instances.push_back(
        {{along + across, (c == 0 ? along : -along) - (c == 0 ? across : -across), double(c)}, 1});
  }
  const auto accuracy = [&](CovarianceType covariance) {
    GmmClassifier gmm(Options(1, covariance));
    EXPECT_TRUE(gmm.Train(train).ok());
    int correct = 0;
    for (const Instance& instance : test.instances) {
      correct += MostProbableClass(*gmm.Distribution(instance)) == instance.values[2];
    }
    return correct / 200.0;
  };
  EXPECT_GT(accuracy(CovarianceType::kFull), 0.9);  // points near the crossing stay ambiguous
  EXPECT_LT(accuracy(CovarianceType::kDiagonal), 0.75);
}

TEST(GmmClassifierTest, SmallAndEmptyClasses) {
  Dataset data = TwoNumbers({"a", "b", "unseen"});
  data.instances = {{{0, 0, 0}, 1}, {{1, 1, 0}, 1}, {{0, 1, 0}, 1}, {{9, 9, 1}, 1}};
  GmmClassifier gmm(Options(2, CovarianceType::kDiagonal));
  ASSERT_TRUE(gmm.Train(data).ok());
  EXPECT_EQ(gmm.MixtureOf(0)->num_components(), 2);
  EXPECT_EQ(gmm.MixtureOf(1)->num_components(), 1);  // one instance, one component
  EXPECT_FALSE(gmm.MixtureOf(2).has_value());
  auto distribution = gmm.Distribution({{8, 9, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok()) << distribution.status();
  EXPECT_EQ(MostProbableClass(*distribution), 1);
  EXPECT_EQ((*distribution)[2], 0);
  // Far beyond every class: densities underflow, the priors decide.
  auto far = gmm.Distribution({{1e200, -1e200, kMissingValue}, 1});
  ASSERT_TRUE(far.ok());
  EXPECT_THAT(*far, Pointwise(DoubleNear(1e-12), {0.75, 0.25, 0.0}));
}

TEST(GmmClassifierTest, RejectsWhatItCannotModel) {
  Dataset nominal = Mirrored();
  nominal.attributes[1] = {"colour", AttributeType::kNominal, {"red", "green"}, ""};
  for (Instance& instance : nominal.instances) instance.values[1] = 0;
  GmmClassifier gmm(Options(2, CovarianceType::kDiagonal));
  EXPECT_THAT(gmm.Train(nominal).message(),
              HasSubstr("numeric attributes only; 'colour' is a nominal attribute"));

  Dataset missing = Mirrored();
  missing.instances[3].values[1] = kMissingValue;
  EXPECT_THAT(gmm.Train(missing).message(),
              HasSubstr("training instance 4: GMM classifier: attribute 'y' is missing"));

  EXPECT_FALSE(gmm.Distribution({{0, 0, 0}, 1}).ok());  // not trained
  ASSERT_TRUE(gmm.Train(Mirrored()).ok());
  EXPECT_THAT(gmm.Distribution({{kMissingValue, 0, 0}, 1}).status().message(),
              HasSubstr("attribute 'x' is missing"));
  EXPECT_THAT(gmm.Distribution({{0, 0}, 1}).status().message(), HasSubstr("2 values"));
}

TEST(GmmClassifierTest, DescribesItsSettings) {
  GmmClassifierOptions options = Options(3, CovarianceType::kFull);
  options.restarts = 2;
  options.seed = 7;
  EXPECT_EQ(GmmClassifier(options).Describe(),
            "GMM per class (components=3, covariance=full, restarts=2, seed=7, "
            "regularization=1e-06, tolerance=0.001, max_iterations=100, attributes standardised)");
}

TEST(GmmClassifierTest, PassesFitOptionsToEveryClassMixture) {
  GmmClassifierOptions options = Options(1, CovarianceType::kDiagonal);
  options.regularization = 10;
  options.max_iterations = 1;
  GmmClassifier gmm(options);
  ASSERT_TRUE(gmm.Train(Mirrored()).ok());
  for (int c = 0; c < 2; ++c) {
    ASSERT_TRUE(gmm.MixtureOf(c).has_value());
    // Standardised data has variances of about 1 or less; the regularisation dominates.
    for (double variance : gmm.MixtureOf(c)->covariance(0)) EXPECT_GE(variance, 10);
  }
}

}  // namespace
}  // namespace sentio
