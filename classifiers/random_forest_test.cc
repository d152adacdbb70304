#include "classifiers/random_forest.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Class = whether x > 50 (x numeric), plus a nominal attribute that says nothing about the class
// and a numeric one that is noise.
Dataset Threshold(int n) {
  Dataset data;
  data.relation = "threshold";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"colour", AttributeType::kNominal, {"red", "green", "blue"}, ""},
                     {"noise", AttributeType::kNumeric, {}, ""},
                     {"big", AttributeType::kNominal, {"no", "yes"}, ""}};
  data.class_index = 3;
  for (int i = 0; i < n; ++i) {
    const double x = (i * 37) % 100;
    data.instances.push_back({{x, static_cast<double>(i % 3), (i * 53) % 17 * 1.0,
                               x > 50 ? 1.0 : 0.0},
                              1});
  }
  return data;
}

// The class is the nominal attribute's value: only a multiway nominal split separates all three.
Dataset ColourIsTheClass() {
  Dataset data;
  data.relation = "colours";
  data.attributes = {{"colour", AttributeType::kNominal, {"red", "green", "blue"}, ""},
                     {"label", AttributeType::kNominal, {"r", "g", "b"}, ""}};
  data.class_index = 1;
  for (int i = 0; i < 30; ++i) {
    data.instances.push_back({{static_cast<double>(i % 3), static_cast<double>(i % 3)}, 1});
  }
  return data;
}

Instance At(double x, double colour, double noise) { return {{x, colour, noise, kMissingValue}, 1}; }

TEST(RandomForestTest, LearnsANumericThreshold) {
  RandomForestClassifier forest({20, 1, 0});
  ASSERT_TRUE(forest.Train(Threshold(200)).ok());
  EXPECT_EQ(forest.attributes_per_node(), 2);  // floor(log2(3)) + 1
  EXPECT_EQ(MostProbableClass(*forest.Distribution(At(10, 0, 3))), 0);
  EXPECT_EQ(MostProbableClass(*forest.Distribution(At(90, 2, 3))), 1);
  auto distribution = forest.Distribution(At(95, 1, 0));
  ASSERT_TRUE(distribution.ok());
  EXPECT_NEAR((*distribution)[0] + (*distribution)[1], 1.0, 1e-12);
  EXPECT_GT((*distribution)[1], 0.9);
}

TEST(RandomForestTest, SplitsNominalAttributesOneBranchPerValue) {
  RandomForestClassifier forest({5, 3, 0});
  ASSERT_TRUE(forest.Train(ColourIsTheClass()).ok());
  for (int colour = 0; colour < 3; ++colour) {
    auto distribution = forest.Distribution({{static_cast<double>(colour), kMissingValue}, 1});
    ASSERT_TRUE(distribution.ok());
    EXPECT_DOUBLE_EQ((*distribution)[colour], 1.0) << colour;
  }
  EXPECT_DOUBLE_EQ(*forest.OutOfBagError(), 0.0);
}

TEST(RandomForestTest, MissingValuesGoDownEveryBranchByTrainingWeight) {
  RandomForestClassifier forest({1, 3, 0});
  ASSERT_TRUE(forest.Train(ColourIsTheClass()).ok());
  // The one tree splits on colour; its bootstrap sample sets the branch weights, so the
  // distribution is the sample's class frequencies.
  auto distribution = forest.Distribution({{kMissingValue, kMissingValue}, 1});
  ASSERT_TRUE(distribution.ok());
  double sum = 0;
  for (double p : *distribution) {
    EXPECT_GT(p, 0);
    sum += p;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(RandomForestTest, SameSeedSameForestOtherSeedOtherForest) {
  const Dataset data = Threshold(150);
  RandomForestClassifier a({10, 7, 0}), b({10, 7, 0}), c({10, 8, 0});
  ASSERT_TRUE(a.Train(data).ok());
  ASSERT_TRUE(b.Train(data).ok());
  ASSERT_TRUE(c.Train(data).ok());
  bool any_differs = false;
  for (double x = 40; x <= 60; x += 0.5) {
    EXPECT_EQ(*a.Distribution(At(x, 1, 5)), *b.Distribution(At(x, 1, 5))) << x;
    if (*a.Distribution(At(x, 1, 5)) != *c.Distribution(At(x, 1, 5))) any_differs = true;
  }
  EXPECT_TRUE(any_differs);
  EXPECT_EQ(*a.OutOfBagError(), *b.OutOfBagError());
}

TEST(RandomForestTest, MaxDepthLimitsTheTree) {
  // Class = (x > 50) XOR (colour is blue): two levels of splits express it, one cannot.
  RandomForestClassifier stumps({30, 1, 1}), full({30, 1, 0});
  Dataset data = Threshold(200);
  for (Instance& instance : data.instances) {
    if (instance.values[1] == 2) instance.values[3] = 1 - instance.values[3];
  }
  ASSERT_TRUE(stumps.Train(data).ok());
  ASSERT_TRUE(full.Train(data).ok());
  EXPECT_LT(*full.OutOfBagError(), 0.05);
  EXPECT_GT(*stumps.OutOfBagError(), 0.2);
}

TEST(RandomForestTest, InstanceWeightsCount) {
  // Two identical points with different classes: the heavier one wins.
  Dataset data;
  data.relation = "weights";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"c", AttributeType::kNominal, {"a", "b"}, ""}};
  data.class_index = 1;
  for (int i = 0; i < 20; ++i) {
    data.instances.push_back({{1.0, 0.0}, 1});
    data.instances.push_back({{1.0, 1.0}, 5});
  }
  RandomForestClassifier forest({10, 1, 0});
  ASSERT_TRUE(forest.Train(data).ok());
  EXPECT_EQ(MostProbableClass(*forest.Distribution({{1.0, kMissingValue}, 1})), 1);
}

TEST(RandomForestTest, RejectsBadInputAndUse) {
  RandomForestClassifier untrained;
  EXPECT_THAT(untrained.Distribution(At(1, 1, 1)).status().message(), HasSubstr("not trained"));
  EXPECT_THAT(untrained.OutOfBagError().status().message(), HasSubstr("not trained"));
  EXPECT_FALSE(RandomForestClassifier({0, 1, 0}).Train(Threshold(10)).ok());
  EXPECT_FALSE(RandomForestClassifier({10, 1, -1}).Train(Threshold(10)).ok());

  Dataset with_string = Threshold(10);
  with_string.attributes[2].type = AttributeType::kString;
  with_string.attributes[2].values = {"s"};
  for (Instance& instance : with_string.instances) instance.values[2] = 0;
  EXPECT_THAT(RandomForestClassifier().Train(with_string).message(),
              HasSubstr("string attribute 'noise'"));

  Dataset no_class = Threshold(10);
  for (Instance& instance : no_class.instances) instance.values[3] = kMissingValue;
  EXPECT_THAT(RandomForestClassifier().Train(no_class).message(),
              HasSubstr("no instance with a known class"));

  RandomForestClassifier forest({3, 1, 0});
  ASSERT_TRUE(forest.Train(Threshold(50)).ok());
  EXPECT_THAT(forest.Distribution({{1, 2}, 1}).status().message(), HasSubstr("has 2 values"));
  EXPECT_THAT(forest.Distribution(At(1, 7, 1)).status().message(),
              HasSubstr("value 7 of nominal attribute 'colour' is out of range"));
}

TEST(RandomForestTest, FactoryReadsOptions) {
  auto factory = RandomForestFactoryFromOptions({{"num_trees", "7"}, {"seed", "3"},
                                                 {"max_depth", "4"}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  auto classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  EXPECT_THAT((*classifier)->Describe(), HasSubstr("num_trees=7, seed=3, max_depth=4"));
  EXPECT_THAT(RandomForestFactoryFromOptions({{"trees", "7"}}).status().message(),
              HasSubstr("no option 'trees' (it accepts: max_depth, num_trees, seed)"));
  EXPECT_THAT(RandomForestFactoryFromOptions({{"num_trees", "0"}}).status().message(),
              HasSubstr("num_trees=0 is not an integer >= 1"));
  EXPECT_FALSE(RandomForestFactoryFromOptions({{"max_depth", "x"}}).ok());
  EXPECT_FALSE(RandomForestFactoryFromOptions({{"seed", "-1"}}).ok());
}

}  // namespace
}  // namespace sentio
