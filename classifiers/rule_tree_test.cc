#include "classifiers/rule_tree.h"

#include <cmath>
#include <fstream>
#include <string>

#include "classifiers/classifier_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kRules[] = R"(# still, slow or fast
if {
  attribute: "speed" op: LESS threshold: 0.5
  then { label: "still" }
  else {
    if {
      attribute: "speed" op: GREATER_OR_EQUAL threshold: 3
      then { label: "fast" }
      else { label: "slow" }
    }
  }
}
)";

// speed (numeric), colour (nominal), class {still, slow, fast}.
Dataset Header() {
  Dataset data;
  data.relation = "motion";
  data.attributes = {{"speed", AttributeType::kNumeric, {}, ""},
                     {"colour", AttributeType::kNominal, {"red", "blue"}, ""},
                     {"class", AttributeType::kNominal, {"still", "slow", "fast"}, ""}};
  data.class_index = 2;
  data.instances = {{{0.1, 0, 0}, 1}, {{1.0, 1, 1}, 1}, {{4.0, 0, 2}, 1}};
  return data;
}

absl::StatusOr<RuleTreeClassifier> Trained(const std::string& text) {
  absl::StatusOr<RuleFile> file = ParseRuleFile(text, "test.pbtxt");
  if (!file.ok()) return file.status();
  RuleTreeClassifier classifier(std::make_shared<const RuleFile>(*std::move(file)));
  absl::Status status = classifier.Train(Header());
  if (!status.ok()) return status;
  return classifier;
}

std::vector<double> DistributionAt(const RuleTreeClassifier& classifier, double speed) {
  absl::StatusOr<std::vector<double>> distribution = classifier.Distribution({{speed, 0, 0}, 1});
  EXPECT_TRUE(distribution.ok()) << distribution.status();
  return distribution.value_or(std::vector<double>{});
}

TEST(RuleTreeTest, ParsesNodesWithTheirLines) {
  absl::StatusOr<RuleFile> file = ParseRuleFile(kRules, "test.pbtxt");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->rules.size(), 5u);
  EXPECT_EQ(file->rules[0].attribute, "speed");
  EXPECT_EQ(file->rules[0].line, 2);
  EXPECT_EQ(file->rules[1].label, "still");
  EXPECT_EQ(file->rules[1].line, 4);
  EXPECT_EQ(file->rules[2].op, RuleTest::GREATER_OR_EQUAL);
  EXPECT_EQ(file->rules[2].line, 6);
  EXPECT_EQ(file->rules[4].label, "slow");
  EXPECT_EQ(file->rules[4].line, 9);
}

TEST(RuleTreeTest, DistributionIsOneHotOnTheLabelReached) {
  absl::StatusOr<RuleTreeClassifier> classifier = Trained(kRules);
  ASSERT_TRUE(classifier.ok()) << classifier.status();
  EXPECT_THAT(DistributionAt(*classifier, 0.2), ElementsAre(1, 0, 0));
  EXPECT_THAT(DistributionAt(*classifier, 0.5), ElementsAre(0, 1, 0));  // LESS is strict
  EXPECT_THAT(DistributionAt(*classifier, 2.9), ElementsAre(0, 1, 0));
  EXPECT_THAT(DistributionAt(*classifier, 3.0), ElementsAre(0, 0, 1));
  EXPECT_THAT(classifier->Describe(), HasSubstr("test.pbtxt: 2 tests, 3 leaves"));
}

TEST(RuleTreeTest, EveryComparisonOperator) {
  const struct {
    const char* op;
    bool below, at, above;
  } cases[] = {{"LESS", true, false, false},
               {"LESS_OR_EQUAL", true, true, false},
               {"GREATER", false, false, true},
               {"GREATER_OR_EQUAL", false, true, true}};
  for (const auto& c : cases) {
    absl::StatusOr<RuleTreeClassifier> classifier =
        Trained(std::string("if { attribute: \"speed\" op: ") + c.op +
                " threshold: 1 then { label: \"fast\" } else { label: \"still\" } }");
    ASSERT_TRUE(classifier.ok()) << classifier.status();
    EXPECT_EQ(DistributionAt(*classifier, 0.5)[2], c.below) << c.op;
    EXPECT_EQ(DistributionAt(*classifier, 1.0)[2], c.at) << c.op;
    EXPECT_EQ(DistributionAt(*classifier, 1.5)[2], c.above) << c.op;
  }
}

TEST(RuleTreeTest, SingleLabelFileClassifiesEverything) {
  absl::StatusOr<RuleTreeClassifier> classifier = Trained("label: \"slow\"\n");
  ASSERT_TRUE(classifier.ok()) << classifier.status();
  EXPECT_THAT(DistributionAt(*classifier, 7), ElementsAre(0, 1, 0));
}

absl::Status ParseError(const std::string& text) {
  absl::StatusOr<RuleFile> file = ParseRuleFile(text, "test.pbtxt");
  EXPECT_FALSE(file.ok());
  return file.status();
}

TEST(RuleTreeTest, MalformedFilesNameTheLine) {
  EXPECT_THAT(ParseError("if {\n  attribute: \"speed\"\n  op: SMALLER threshold: 1\n}\n").message(),
              HasSubstr("test.pbtxt:3:"));
  EXPECT_THAT(
      ParseError("if {\n  attribute: \"speed\" threshold: 1\n  then { label: \"a\" }\n").message(),
      HasSubstr("test.pbtxt:4:"));  // unterminated
  EXPECT_THAT(ParseError("").message(), HasSubstr("test.pbtxt:1: a rule needs either"));
  EXPECT_THAT(ParseError("if {\n  attribute: \"speed\"\n  then { label: \"a\" }\n  else { }\n}\n")
                  .message(),
              HasSubstr("test.pbtxt:4: a rule needs either `if` or `label`"));
  EXPECT_THAT(ParseError("\nif { attribute: \"speed\" then { label: \"a\" } }\n").message(),
              HasSubstr("test.pbtxt:2: the test of 'speed' needs both"));
  EXPECT_THAT(ParseError("if { then { label: \"a\" } else { label: \"b\" } }").message(),
              HasSubstr("test.pbtxt:1: the test names no attribute"));
  EXPECT_THAT(ParseError("if { attribute: \"speed\" threshold: nan\n"
                         "     then { label: \"a\" } else { label: \"b\" } }")
                  .message(),
              HasSubstr("threshold of 'speed' is not finite"));
  EXPECT_THAT(ParseError("label: \"\"").message(), HasSubstr("test.pbtxt:1: empty label"));
}

absl::Status TrainError(const std::string& text) {
  absl::StatusOr<RuleTreeClassifier> classifier = Trained(text);
  EXPECT_FALSE(classifier.ok());
  return classifier.status();
}

TEST(RuleTreeTest, TrainingChecksAttributesAndLabelsNamingTheLine) {
  EXPECT_THAT(TrainError("if {\n attribute: \"sped\" threshold: 1\n then { label: \"slow\" }\n"
                         " else { label: \"fast\" } }")
                  .message(),
              HasSubstr("test.pbtxt:1: 'sped' is not an attribute of 'motion'"));
  EXPECT_THAT(TrainError("if {\n attribute: \"speed\" threshold: 1\n then { label: \"slow\" }\n"
                         " else { label: \"flying\" } }")
                  .message(),
              HasSubstr("test.pbtxt:4: label 'flying' is not a class of 'motion' (still, slow, "
                        "fast)"));
  EXPECT_THAT(TrainError("if { attribute: \"colour\" then { label: \"slow\" } else { label: "
                         "\"fast\" } }")
                  .message(),
              HasSubstr("'colour' is a nominal attribute; rules test numeric ones"));
  EXPECT_THAT(TrainError("if { attribute: \"class\" then { label: \"slow\" } else { label: "
                         "\"fast\" } }")
                  .message(),
              HasSubstr("'class' is not an attribute of 'motion' but its class"));
}

TEST(RuleTreeTest, MissingValueIsAnError) {
  absl::StatusOr<RuleTreeClassifier> classifier = Trained(kRules);
  ASSERT_TRUE(classifier.ok());
  absl::StatusOr<std::vector<double>> distribution =
      classifier->Distribution({{kMissingValue, 0, 0}, 1});
  ASSERT_FALSE(distribution.ok());
  EXPECT_THAT(distribution.status().message(),
              HasSubstr("test.pbtxt:2: the instance has no value for 'speed'"));
}

TEST(RuleTreeTest, UntrainedClassifierFails) {
  absl::StatusOr<RuleFile> file = ParseRuleFile(kRules, "test.pbtxt");
  ASSERT_TRUE(file.ok());
  RuleTreeClassifier classifier(std::make_shared<const RuleFile>(*file));
  EXPECT_EQ(classifier.Distribution({{1, 0, 0}, 1}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RuleTreeTest, RegisteredAsRulesWithTheRulesOption) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir == nullptr ? "/tmp" : dir) + "/motion_rules.pbtxt";
  std::ofstream(path) << kRules;
  absl::StatusOr<ClassifierFactory> factory = ClassifierFactoryFor("rules", {{"rules", path}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  absl::StatusOr<std::unique_ptr<Classifier>> classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  ASSERT_TRUE((*classifier)->Train(Header()).ok());
  absl::StatusOr<std::vector<double>> distribution = (*classifier)->Distribution({{4, 0, 0}, 1});
  ASSERT_TRUE(distribution.ok());
  EXPECT_THAT(*distribution, ElementsAre(0, 0, 1));

  EXPECT_THAT(ClassifierFactoryFor("rules", {}).status().message(),
              HasSubstr("needs the option rules=PATH"));
  EXPECT_THAT(ClassifierFactoryFor("rules", {{"rules", path}, {"k", "3"}}).status().message(),
              HasSubstr("classifier 'rules' has no option 'k'"));
  EXPECT_THAT(ClassifierFactoryFor("rules", {{"rules", "/nonexistent.pbtxt"}}).status().message(),
              HasSubstr("/nonexistent.pbtxt"));
}

}  // namespace
}  // namespace sentio
