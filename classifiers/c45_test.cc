// Unit tests of C4.5 on small hand-made data sets. Expected printouts and numbers are Weka 3.6
// J48's for the same data written as ARFF.
#include <utility>
#include <string>
#include <vector>

#include "classifiers/c45_pruning.h"
#include "classifiers/c45_tree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Attribute Nominal(const std::string& name, std::vector<std::string> values) {
  Attribute attribute;
  attribute.name = name;
  attribute.type = AttributeType::kNominal;
  attribute.values = std::move(values);
  return attribute;
}

Attribute Numeric(const std::string& name) {
  Attribute attribute;
  attribute.name = name;
  return attribute;
}

// The class is the last attribute; nominal values are label indices.
Dataset MakeData(std::vector<Attribute> attributes, const std::vector<std::vector<double>>& rows) {
  Dataset data;
  data.relation = "hand-made";
  data.attributes = std::move(attributes);
  data.class_index = data.num_attributes() - 1;
  for (const auto& values : rows) data.instances.push_back({values, 1.0});
  return data;
}

// x = 1..10 is class a, x = 13..22 class b.
Dataset SeparableNumeric() {
  std::vector<std::vector<double>> rows;
  for (int x = 1; x <= 10; ++x) rows.push_back({double(x), 0});
  for (int x = 13; x <= 22; ++x) rows.push_back({double(x), 1});
  return MakeData({Numeric("x"), Nominal("class", {"a", "b"})}, rows);
}

// x = a: 6 yes; x = b: 5 yes, 1 no; x = c: 1 yes, 2 no.
Dataset ThreeValuesWithNoise() {
  std::vector<std::vector<double>> rows;
  for (int i = 0; i < 6; ++i) rows.push_back({0, 0});
  for (int i = 0; i < 5; ++i) rows.push_back({1, 0});
  rows.push_back({1, 1});
  rows.push_back({2, 0});
  rows.push_back({2, 1});
  rows.push_back({2, 1});
  return MakeData({Nominal("x", {"a", "b", "c"}), Nominal("class", {"yes", "no"})}, rows);
}

std::string Tree(const C45Classifier& c45) {
  absl::StatusOr<std::string> text = c45.ToJ48String();
  return text.ok() ? *text : text.status().ToString();
}

std::string Printout(const std::string& kind, const std::string& body, int leaves, int size) {
  return "J48 " + kind + " tree\n------------------\n" + body + "\n\nNumber of Leaves  : \t" +
         std::to_string(leaves) + "\n\nSize of the tree : \t" + std::to_string(size) + "\n";
}

TEST(C45Test, PureNodeIsALeaf) {
  const Dataset data =
      MakeData({Numeric("x"), Nominal("class", {"no", "yes"})}, {{1, 1}, {2, 1}, {3, 1}, {4, 1}});
  C45Classifier c45;
  ASSERT_TRUE(c45.Train(data).ok());
  EXPECT_EQ(Tree(c45), Printout("pruned", ": yes (4.0)", 1, 1));
  EXPECT_THAT(*c45.Distribution({{10, 0}}), ElementsAre(0.0, 1.0));
}

TEST(C45Test, ThresholdIsTheLargestTrainingValueBelowTheMidpoint) {
  C45Classifier c45;
  ASSERT_TRUE(c45.Train(SeparableNumeric()).ok());
  EXPECT_EQ(Tree(c45), Printout("pruned", "\nx <= 10: a (10.0)\nx > 10: b (10.0)", 2, 3));
  // 11 lies below the midpoint 11.5 but above the threshold 10.
  EXPECT_THAT(*c45.Distribution({{11, 0}}), ElementsAre(0.0, 1.0));
  EXPECT_THAT(*c45.Distribution({{10, 0}}), ElementsAre(1.0, 0.0));
}

TEST(C45Test, MinLeafStopsSplitsWithTooFewInstances) {
  C45Options options;
  options.min_leaf = 10;
  C45Classifier ten(options);
  ASSERT_TRUE(ten.Train(SeparableNumeric()).ok());
  EXPECT_EQ(ten.NumLeaves(), 2);
  options.min_leaf = 11;  // 20 instances cannot fill two subsets of 11
  C45Classifier eleven(options);
  ASSERT_TRUE(eleven.Train(SeparableNumeric()).ok());
  EXPECT_EQ(Tree(eleven), Printout("pruned", ": a (20.0/10.0)", 1, 1));
}

TEST(C45Test, MissingValuesAreFractionalInTrainingAndClassification) {
  std::vector<std::vector<double>> rows;
  for (int i = 0; i < 6; ++i) rows.push_back({0, 0});
  for (int i = 0; i < 6; ++i) rows.push_back({1, 1});
  rows.push_back({kMissingValue, 0});
  rows.push_back({kMissingValue, 0});
  const Dataset data =
      MakeData({Nominal("outlook", {"sunny", "rainy"}), Nominal("class", {"yes", "no"})}, rows);
  C45Classifier c45;
  ASSERT_TRUE(c45.Train(data).ok());
  // Each instance with a missing outlook goes half to each branch.
  EXPECT_EQ(
      Tree(c45),
      Printout("pruned", "\noutlook = sunny: yes (7.0)\noutlook = rainy: no (7.0/1.0)", 2, 3));
  // Half of sunny's (1, 0) plus half of rainy's (1/7, 6/7).
  EXPECT_THAT(*c45.Distribution({{kMissingValue, 0}}),
              ElementsAre(DoubleNear(4.0 / 7, 1e-12), DoubleNear(3.0 / 7, 1e-12)));
}

TEST(C45Test, SubtreesThatDoNotReduceTrainingErrorsCollapse) {
  // Both values of x have "yes" as majority, so splitting on x saves no training error.
  std::vector<std::vector<double>> rows;
  for (int i = 0; i < 5; ++i) rows.push_back({0, 0});
  for (int i = 0; i < 3; ++i) rows.push_back({0, 1});
  for (int i = 0; i < 5; ++i) rows.push_back({1, 0});
  for (int i = 0; i < 2; ++i) rows.push_back({1, 1});
  const Dataset data = MakeData({Nominal("x", {"a", "b"}), Nominal("class", {"yes", "no"})}, rows);
  C45Options options;
  options.unpruned = true;  // collapsing happens without pruning too
  C45Classifier c45(options);
  ASSERT_TRUE(c45.Train(data).ok());
  EXPECT_EQ(Tree(c45), Printout("unpruned", ": yes (15.0/5.0)", 1, 1));
}

TEST(C45Test, PruningReplacesASubtreeWhoseEstimatedErrorIsNotLower) {
  C45Options options;
  options.unpruned = true;
  C45Classifier unpruned(options);
  ASSERT_TRUE(unpruned.Train(ThreeValuesWithNoise()).ok());
  EXPECT_EQ(
      Tree(unpruned),
      Printout("unpruned", "\nx = a: yes (6.0)\nx = b: yes (6.0/1.0)\nx = c: no (3.0/1.0)", 3, 4));
  C45Classifier pruned;
  ASSERT_TRUE(pruned.Train(ThreeValuesWithNoise()).ok());
  EXPECT_EQ(Tree(pruned), Printout("pruned", ": yes (15.0/3.0)", 1, 1));
}

TEST(C45Test, BinarySplitsTestOneNominalValue) {
  C45Options options;
  options.binary_splits = true;
  C45Classifier c45(options);
  ASSERT_TRUE(c45.Train(ThreeValuesWithNoise()).ok());
  EXPECT_EQ(Tree(c45), Printout("pruned", "\nx = c: no (3.0/1.0)\nx != c: yes (12.0/1.0)", 2, 3));
}

TEST(C45Test, AddedErrorsEqualWekaStats) {
  // Values printed by weka.classifiers.trees.j48.Stats.addErrs.
  EXPECT_NEAR(AddedErrors(15, 3, 0.25f), 1.7125857847010098, 1e-12);
  EXPECT_NEAR(AddedErrors(6, 0, 0.25f), 1.2377968440954012, 1e-12);
  EXPECT_NEAR(AddedErrors(7, 0.5, 0.25f), 1.2998341638785773, 1e-12);
  EXPECT_NEAR(AddedErrors(10, 9.7, 0.25f), 0.3, 1e-12);
  EXPECT_NEAR(AddedErrors(100, 20, 0.1f), 6.130437520465282, 1e-12);
}

TEST(C45Test, FormatsNumbersLikeWeka) {
  EXPECT_EQ(FormatSplitValue(0.6), "0.6");
  EXPECT_EQ(FormatSplitValue(127), "127");
  EXPECT_EQ(FormatSplitValue(-0.5), "-0.5");
  EXPECT_EQ(FormatSplitValue(0.0000004), "0");
  EXPECT_EQ(FormatSplitValue(1.23456789), "1.234568");
  EXPECT_EQ(FormatJavaDouble(127), "127.0");
  EXPECT_EQ(FormatJavaDouble(228.39), "228.39");
  EXPECT_EQ(FormatJavaDouble(0.001), "0.001");
  EXPECT_EQ(FormatJavaDouble(0.0001), "1.0E-4");
  EXPECT_EQ(FormatJavaDouble(12345678), "1.2345678E7");
  EXPECT_EQ(FormatJavaDouble(-2.5), "-2.5");
}

TEST(C45Test, RejectsBadData) {
  C45Classifier c45;
  const Dataset numeric_class = MakeData({Numeric("x"), Numeric("y")}, {{1, 2}});
  EXPECT_THAT(c45.Train(numeric_class).message(), HasSubstr("needs a nominal class"));

  const Dataset no_instances = MakeData({Numeric("x"), Nominal("class", {"a", "b"})}, {});
  EXPECT_THAT(c45.Train(no_instances).message(), HasSubstr("no instance with a known class"));
  const Dataset unknown_classes =
      MakeData({Numeric("x"), Nominal("class", {"a", "b"})}, {{1, kMissingValue}});
  EXPECT_THAT(c45.Train(unknown_classes).message(), HasSubstr("no instance with a known class"));

  Attribute text;
  text.name = "comment";
  text.type = AttributeType::kString;
  text.values = {"hello"};
  const Dataset with_string = MakeData({text, Nominal("class", {"a", "b"})}, {{0, 0}});
  EXPECT_THAT(c45.Train(with_string).message(), HasSubstr("string attribute 'comment'"));
}

TEST(C45Test, RejectsUseBeforeTrainingAndMalformedInstances) {
  C45Classifier c45;
  EXPECT_FALSE(c45.Distribution({{1, 0}}).ok());
  EXPECT_FALSE(c45.ToJ48String().ok());
  ASSERT_TRUE(c45.Train(ThreeValuesWithNoise()).ok());
  EXPECT_THAT(c45.Distribution({{1}}).status().message(), HasSubstr("1 values"));
  EXPECT_THAT(c45.Distribution({{3, 0}}).status().message(), HasSubstr("out of range"));
  EXPECT_THAT(c45.Distribution({{0.5, 0}}).status().message(), HasSubstr("out of range"));
}

TEST(C45Test, FactoryReadsAndChecksOptions) {
  auto factory = C45FactoryFromOptions(
      {{"confidence", "0.1"}, {"min_leaf", "5"}, {"unpruned", "true"}, {"binary_splits", "1"}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  auto classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  EXPECT_EQ((*classifier)->Describe(),
            "C4.5 (as Weka's J48: confidence=0.1, min_leaf=5, unpruned, binary "
            "nominal splits)");

  EXPECT_THAT(C45FactoryFromOptions({{"depth", "3"}}).status().message(),
              HasSubstr("'c45' has no option 'depth' (it accepts: binary_splits, confidence, "
                        "min_leaf, unpruned)"));
  EXPECT_THAT(C45FactoryFromOptions({{"confidence", "0.7"}}).status().message(),
              HasSubstr("confidence=0.7 is not a number in (0, 0.5]"));
  EXPECT_FALSE(C45FactoryFromOptions({{"confidence", "abc"}}).ok());
  EXPECT_THAT(C45FactoryFromOptions({{"min_leaf", "0"}}).status().message(),
              HasSubstr("min_leaf=0 is not a positive integer"));
  EXPECT_THAT(C45FactoryFromOptions({{"unpruned", "maybe"}}).status().message(),
              HasSubstr("unpruned=maybe is not true or false"));

  C45Options bad;
  bad.confidence = 0;
  EXPECT_THAT(C45Classifier(bad).Train(ThreeValuesWithNoise()).message(),
              HasSubstr("confidence in (0, 0.5]"));
}

}  // namespace
}  // namespace sentio
