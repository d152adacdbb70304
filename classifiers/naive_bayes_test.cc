#include "classifiers/naive_bayes.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

// Weka's weather.nominal: outlook, temperature, humidity, windy -> play.
Dataset Weather() {
  Dataset data;
  data.relation = "weather.symbolic";
  data.attributes = {{"outlook", AttributeType::kNominal, {"sunny", "overcast", "rainy"}, ""},
                     {"temperature", AttributeType::kNominal, {"hot", "mild", "cool"}, ""},
                     {"humidity", AttributeType::kNominal, {"high", "normal"}, ""},
                     {"windy", AttributeType::kNominal, {"TRUE", "FALSE"}, ""},
                     {"play", AttributeType::kNominal, {"yes", "no"}, ""}};
  data.class_index = 4;
  const double rows[14][5] = {{0, 0, 0, 1, 1}, {0, 0, 0, 0, 1}, {1, 0, 0, 1, 0}, {2, 1, 0, 1, 0},
                              {2, 2, 1, 1, 0}, {2, 2, 1, 0, 1}, {1, 2, 1, 0, 0}, {0, 1, 0, 1, 1},
                              {0, 2, 1, 1, 0}, {2, 1, 1, 1, 0}, {0, 1, 1, 0, 0}, {1, 1, 0, 0, 0},
                              {1, 0, 1, 1, 0}, {2, 1, 0, 0, 1}};
  for (const auto& row : rows) data.instances.push_back({{row, row + 5}, 1});
  return data;
}

std::vector<double> Normalised(double yes, double no) {
  return {yes / (yes + no), no / (yes + no)};
}

TEST(NaiveBayesTest, WeatherTextbookDayWithLaplaceCounts) {
  NaiveBayesClassifier bayes;
  ASSERT_TRUE(bayes.Train(Weather()).ok());
  // sunny, cool, high, windy: 9 yes and 5 no days, each count (and the class) starting at 1.
  auto distribution = bayes.Distribution({{0, 2, 0, 0, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok()) << distribution.status();
  const double yes = 10.0 / 16 * 3.0 / 12 * 4.0 / 12 * 4.0 / 11 * 4.0 / 11;
  const double no = 6.0 / 16 * 4.0 / 8 * 2.0 / 8 * 5.0 / 7 * 4.0 / 7;
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), Normalised(yes, no)));
  EXPECT_EQ(MostProbableClass(*distribution), 1);
}

TEST(NaiveBayesTest, MissingValuesAreSkipped) {
  Dataset data = Weather();
  data.instances[0].values[0] = kMissingValue;  // a sunny "no" day loses its outlook
  NaiveBayesClassifier bayes;
  ASSERT_TRUE(bayes.Train(data).ok());
  // Outlook missing in the query too: only temperature, humidity and windy count.
  auto distribution = bayes.Distribution({{kMissingValue, 2, 0, 0, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok()) << distribution.status();
  const double yes = 10.0 / 16 * 4.0 / 12 * 4.0 / 11 * 4.0 / 11;
  const double no = 6.0 / 16 * 2.0 / 8 * 5.0 / 7 * 4.0 / 7;
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), Normalised(yes, no)));
  // The outlook counts of "no" lost the day: sunny 2 + 1 of 4 + 3.
  distribution = bayes.Distribution({{0, kMissingValue, kMissingValue, kMissingValue, 0}, 1});
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution,
              Pointwise(DoubleNear(1e-12), Normalised(10.0 / 16 * 3.0 / 12, 6.0 / 16 * 3.0 / 7)));
}

TEST(NaiveBayesTest, WeightsCountLikeCopies) {
  Dataset weighted = Weather();
  weighted.instances[2].weight = 3;
  Dataset copied = Weather();
  copied.instances.push_back(copied.instances[2]);
  copied.instances.push_back(copied.instances[2]);
  NaiveBayesClassifier from_weights, from_copies;
  ASSERT_TRUE(from_weights.Train(weighted).ok());
  ASSERT_TRUE(from_copies.Train(copied).ok());
  const Instance day{{1, 0, 0, 1, kMissingValue}, 1};
  EXPECT_THAT(*from_weights.Distribution(day),
              Pointwise(DoubleNear(1e-12), *from_copies.Distribution(day)));
  NaiveBayesClassifier unweighted;
  ASSERT_TRUE(unweighted.Train(Weather()).ok());
  EXPECT_GT((*from_weights.Distribution(day))[0], (*unweighted.Distribution(day))[0]);
}

TEST(NaiveBayesTest, NumericPrecisionIsTheMeanGapBetweenDistinctValues) {
  EXPECT_DOUBLE_EQ(NumericPrecision({7, 1, 2, 3, 5, 2}), 1.5);
  EXPECT_DOUBLE_EQ(NumericPrecision({4, 4}), 0.01);
  EXPECT_DOUBLE_EQ(NumericPrecision({}), 0.01);
}

TEST(NormalEstimatorTest, RoundsToThePrecisionAndIntegratesTheInterval) {
  NormalEstimator normal(1.5);
  // 1 and 2 round to 1.5, 3 to 3: mean 2, population variance (0.25 + 0.25 + 1) / 3.
  for (double value : {1.0, 2.0, 3.0}) normal.Add(value, 1);
  EXPECT_DOUBLE_EQ(normal.mean(), 2);
  EXPECT_NEAR(normal.standard_deviation(), std::sqrt(0.5), 1e-12);
  // 2.2 rounds to 1.5; the interval is [0.75, 2.25].
  const auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  EXPECT_NEAR(normal.Probability(2.2), cdf(0.25 / std::sqrt(0.5)) - cdf(-1.25 / std::sqrt(0.5)),
              1e-12);
}

TEST(NormalEstimatorTest, StandardDeviationNeverBelowASixthOfThePrecision) {
  NormalEstimator normal(0.6);
  EXPECT_DOUBLE_EQ(normal.standard_deviation(), 0.1);
  normal.Add(3, 2);
  normal.Add(3, 1);
  EXPECT_DOUBLE_EQ(normal.mean(), 3);
  EXPECT_DOUBLE_EQ(normal.standard_deviation(), 0.1);
  normal.Add(3.6, 1);  // weighted: 3, 3, 3, 3.6 -> standard deviation sqrt(0.0675)
  EXPECT_NEAR(normal.standard_deviation(), std::sqrt(0.0675), 1e-12);
}

TEST(NaiveBayesTest, NumericAttributeByHand) {
  Dataset data;
  data.relation = "numbers";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"side", AttributeType::kNominal, {"low", "high"}, ""}};
  data.class_index = 1;
  data.instances = {{{1, 0}, 1}, {{2, 0}, 1}, {{3, 0}, 1}, {{4, 1}, 1}, {{5, 1}, 1}};
  NaiveBayesClassifier bayes;
  ASSERT_TRUE(bayes.Train(data).ok());
  // Precision 1; low: mean 2, sd sqrt(2/3); high: mean 4.5, sd 0.5. 3.4 rounds to 3.
  EXPECT_DOUBLE_EQ(bayes.Normal(0, 0).precision(), 1);
  EXPECT_DOUBLE_EQ(bayes.Normal(0, 1).mean(), 4.5);
  EXPECT_DOUBLE_EQ(bayes.Normal(0, 1).standard_deviation(), 0.5);
  const auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  const double low_sd = std::sqrt(2.0 / 3);
  const double low = 4.0 / 7 * (cdf(1.5 / low_sd) - cdf(0.5 / low_sd));
  const double high = 3.0 / 7 * (cdf(-2) - cdf(-4));
  auto distribution = bayes.Distribution({{3.4, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), Normalised(low, high)));
}

TEST(NaiveBayesTest, FarOutlierDoesNotUnderflow) {
  Dataset data;
  data.relation = "numbers";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"y", AttributeType::kNumeric, {}, ""},
                     {"side", AttributeType::kNominal, {"low", "high"}, ""}};
  data.class_index = 2;
  data.instances = {{{1, 1, 0}, 1}, {{2, 2, 0}, 1}, {{8, 8, 1}, 1}, {{9, 9, 1}, 1}};
  NaiveBayesClassifier bayes;
  ASSERT_TRUE(bayes.Train(data).ok());
  auto distribution = bayes.Distribution({{1e6, 1e6, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok());
  // Both classes hit Weka's 1e-75 floor in each attribute: only the priors remain.
  EXPECT_THAT(*distribution, Pointwise(DoubleNear(1e-12), {0.5, 0.5}));
}

TEST(NaiveBayesTest, RejectsStringAttributesAndBadInstances) {
  Dataset data = Weather();
  data.attributes[0].type = AttributeType::kString;
  NaiveBayesClassifier bayes;
  EXPECT_THAT(bayes.Train(data).message(), HasSubstr("'outlook' is a string attribute"));

  NaiveBayesClassifier untrained;
  EXPECT_FALSE(untrained.Distribution({{0, 0, 0, 0, 0}, 1}).ok());
  ASSERT_TRUE(bayes.Train(Weather()).ok());
  EXPECT_THAT(bayes.Distribution({{0, 0}, 1}).status().message(), HasSubstr("2 values"));
  EXPECT_THAT(bayes.Distribution({{5, 0, 0, 0, 0}, 1}).status().message(), HasSubstr("'outlook'"));
}

TEST(NaiveBayesTest, NeedsALabelledInstance) {
  Dataset data = Weather();
  for (Instance& instance : data.instances) instance.values[4] = kMissingValue;
  NaiveBayesClassifier bayes;
  EXPECT_THAT(bayes.Train(data).message(), HasSubstr("no instance with a known class"));
}

}  // namespace
}  // namespace sentio
