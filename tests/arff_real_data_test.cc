// Reads every Weka ARFF file in the shared data set (/work/shared/data/arff, in the runfiles under
// external/shared_data/arff) and checks facts counted independently from the files.
#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

struct ArffFacts {
  const char* file;  // under external/shared_data/arff, without ".arff"
  const char* relation;
  int num_instances;
  int num_attributes;
  int num_classes;
  int num_missing;  // ? values over all instances and attributes
  const char* majority_class;
  int majority_count;
};

void PrintTo(const ArffFacts& facts, std::ostream* os) { *os << facts.file; }

class ArffRealDataTest : public ::testing::TestWithParam<ArffFacts> {};

int CountMissing(const Dataset& dataset) {
  int missing = 0;
  for (const Instance& instance : dataset.instances) {
    for (double value : instance.values) missing += IsMissing(value);
  }
  return missing;
}

TEST_P(ArffRealDataTest, MatchesKnownFacts) {
  const ArffFacts& facts = GetParam();
  const absl::StatusOr<Dataset> dataset =
      ReadArffFile(std::string("external/shared_data/arff/") + facts.file + ".arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->relation, facts.relation);
  EXPECT_EQ(dataset->num_instances(), facts.num_instances);
  EXPECT_EQ(dataset->num_attributes(), facts.num_attributes);
  EXPECT_EQ(dataset->class_index, facts.num_attributes - 1);
  EXPECT_EQ(dataset->num_classes(), facts.num_classes);
  EXPECT_EQ(CountMissing(*dataset), facts.num_missing);
  EXPECT_TRUE(dataset->ValidateForClassification().ok());

  const int majority = dataset->class_attribute().IndexOf(facts.majority_class);
  ASSERT_GE(majority, 0) << facts.majority_class;
  int majority_count = 0;
  for (int i = 0; i < dataset->num_instances(); ++i)
    majority_count += dataset->ClassOf(i) == majority;
  EXPECT_EQ(majority_count, facts.majority_count);
}

INSTANTIATE_TEST_SUITE_P(
    AllFiles, ArffRealDataTest,
    ::testing::Values(ArffFacts{"breast-cancer", "breast-cancer", 286, 10, 2, 9,
                                "no-recurrence-events", 201},
                      ArffFacts{"contact-lenses", "contact-lenses", 24, 5, 3, 0, "none", 15},
                      ArffFacts{"credit-g", "german_credit", 1000, 21, 2, 0, "good", 700},
                      ArffFacts{"diabetes", "pima_diabetes", 768, 9, 2, 0, "tested_negative", 500},
                      ArffFacts{"glass", "Glass", 214, 10, 7, 0, "build wind non-float", 76},
                      ArffFacts{"ionosphere", "ionosphere", 351, 35, 2, 0, "g", 225},
                      ArffFacts{"iris", "iris", 150, 5, 3, 0, "Iris-setosa", 50},
                      ArffFacts{"labor", "labor-neg-data", 57, 17, 2, 326, "good", 37},
                      ArffFacts{"segment-challenge", "segment", 1500, 20, 7, 0, "path", 236},
                      ArffFacts{"segment-test", "segment", 810, 20, 7, 0, "window", 126},
                      ArffFacts{"soybean", "soybean", 683, 36, 19, 2337, "brown-spot", 92},
                      ArffFacts{"vote", "vote", 435, 17, 2, 392, "democrat", 267},
                      ArffFacts{"weather.nominal", "weather.symbolic", 14, 5, 2, 0, "yes", 9},
                      ArffFacts{"weather.numeric", "weather", 14, 5, 2, 0, "yes", 9}),
    [](const ::testing::TestParamInfo<ArffFacts>& info) {
      std::string name = info.param.file;
      for (char& c : name) {
        if (c == '-' || c == '.') c = '_';
      }
      return name;
    });

TEST(ArffRealDataSpotTest, IrisFirstRowAndLabels) {
  const absl::StatusOr<Dataset> iris = ReadArffFile("external/shared_data/arff/iris.arff");
  ASSERT_TRUE(iris.ok()) << iris.status();
  EXPECT_EQ(iris->attributes[0].name, "sepallength");
  EXPECT_THAT(iris->class_attribute().values,
              ::testing::ElementsAre("Iris-setosa", "Iris-versicolor", "Iris-virginica"));
  EXPECT_THAT(iris->instances[0].values, ::testing::ElementsAre(5.1, 3.5, 1.4, 0.2, 0));
}

TEST(ArffRealDataSpotTest, CreditQuotedLabelsWithSpacesAndSymbols) {
  const absl::StatusOr<Dataset> credit = ReadArffFile("external/shared_data/arff/credit-g.arff");
  ASSERT_TRUE(credit.ok()) << credit.status();
  // First row: '<0',6,'critical/other existing credit',radio/tv,1169,...
  const Instance& first = credit->instances[0];
  const auto label = [&](int attribute) {
    return credit->attributes[attribute].values[static_cast<int>(first.values[attribute])];
  };
  EXPECT_EQ(label(0), "<0");
  EXPECT_EQ(first.values[1], 6);
  EXPECT_EQ(label(2), "critical/other existing credit");
  EXPECT_EQ(label(3), "radio/tv");
  EXPECT_EQ(first.values[4], 1169);
}

}  // namespace
}  // namespace sentio
