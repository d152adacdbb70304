#include "sensing/dataset.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

Dataset Weather() {
  Dataset data;
  data.relation = "weather";
  data.attributes = {{"temperature", AttributeType::kNumeric, {}, ""},
                     {"outlook", AttributeType::kNominal, {"sunny", "rainy"}, ""},
                     {"play", AttributeType::kNominal, {"yes", "no"}, ""}};
  data.class_index = 2;
  data.instances = {{{20.5, 0, 0}, 1.0}, {{kMissingValue, 1, 1}, 0.5}, {{10, 1, kMissingValue}, 1}};
  return data;
}

TEST(DatasetTest, ClassesAndMissingValues) {
  Dataset data = Weather();
  ASSERT_TRUE(data.ValidateForClassification().ok());
  EXPECT_EQ(data.num_classes(), 2);
  EXPECT_EQ(data.ClassOf(0), 0);
  EXPECT_EQ(data.ClassOf(1), 1);
  EXPECT_EQ(data.ClassOf(2), -1);
  EXPECT_TRUE(IsMissing(data.instances[1].values[0]));
  EXPECT_FALSE(IsMissing(0.0));
  EXPECT_EQ(data.attributes[1].IndexOf("rainy"), 1);
  EXPECT_EQ(data.attributes[1].IndexOf("snowy"), -1);
}

TEST(DatasetTest, SubsetKeepsHeaderAndWeights) {
  Dataset subset = Weather().Subset({1});
  EXPECT_EQ(subset.num_instances(), 1);
  EXPECT_EQ(subset.num_attributes(), 3);
  EXPECT_EQ(subset.instances[0].weight, 0.5);
  EXPECT_EQ(subset.class_index, 2);
}

TEST(DatasetTest, ValidationNamesTheProblem) {
  Dataset no_class = Weather();
  no_class.class_index = -1;
  EXPECT_THAT(no_class.ValidateForClassification().message(), HasSubstr("no class attribute"));

  Dataset numeric_class = Weather();
  numeric_class.class_index = 0;
  EXPECT_THAT(numeric_class.ValidateForClassification().message(),
              HasSubstr("'temperature' of 'weather' is numeric"));

  Dataset short_row = Weather();
  short_row.instances[1].values.pop_back();
  EXPECT_THAT(short_row.ValidateForClassification().message(),
              HasSubstr("instance 1 has 2 values for 3 attributes"));

  Dataset bad_nominal = Weather();
  bad_nominal.instances[0].values[1] = 2;
  EXPECT_THAT(bad_nominal.ValidateForClassification().message(),
              HasSubstr("value 2 for nominal attribute 'outlook'"));

  Dataset bad_weight = Weather();
  bad_weight.instances[2].weight = 0;
  EXPECT_THAT(bad_weight.ValidateForClassification().message(),
              HasSubstr("instance 2 has weight 0"));
}

TEST(DatasetTest, CheckSameHeader) {
  Dataset train = Weather();
  EXPECT_TRUE(train.CheckSameHeader(Weather()).ok());

  Dataset renamed = Weather();
  renamed.attributes[0].name = "temp";
  EXPECT_THAT(train.CheckSameHeader(renamed).message(),
              HasSubstr("attribute 1 differs: 'temp' (numeric)"));

  Dataset relabelled = Weather();
  relabelled.attributes[1].values = {"rainy", "sunny"};
  EXPECT_THAT(train.CheckSameHeader(relabelled, "the model", "new.arff").message(),
              HasSubstr("attribute 2 differs: 'outlook' (nominal {rainy, sunny}) in new.arff, "
                        "'outlook' (nominal {sunny, rainy}) in the model"));

  Dataset shorter = Weather();
  shorter.attributes.pop_back();
  EXPECT_THAT(train.CheckSameHeader(shorter).message(), HasSubstr("has 2 attributes"));

  Dataset other_class = Weather();
  other_class.class_index = 1;
  EXPECT_THAT(train.CheckSameHeader(other_class).message(), HasSubstr("different class"));
}

}  // namespace
}  // namespace sentio
