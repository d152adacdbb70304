// Degenerate training data given to every trained classifier in the registry: each either trains
// and then gives a proper distribution, or refuses with an error that names the problem. None may
// crash or produce NaN probabilities.
#include <cmath>
#include <memory>
#include <string>

#include "classifiers/classifier_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Two numeric attributes "x", "y" and a nominal class with `labels`; instance i has x = i,
// y = i % 3 and class `class_of(i)`.
template <typename ClassOf>
Dataset TwoNumbers(std::vector<std::string> labels, int count, ClassOf class_of) {
  Dataset data;
  data.relation = "degenerate";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"y", AttributeType::kNumeric, {}, ""},
                     {"class", AttributeType::kNominal, std::move(labels), ""}};
  data.class_index = 2;
  for (int i = 0; i < count; ++i) {
    data.instances.push_back({{double(i), double(i % 3), double(class_of(i))}, 1.0});
  }
  return data;
}

std::unique_ptr<Classifier> Make(const std::string& name) {
  absl::StatusOr<ClassifierFactory> factory = ClassifierFactoryFor(name, {});
  EXPECT_TRUE(factory.ok()) << factory.status();
  absl::StatusOr<std::unique_ptr<Classifier>> classifier = (*factory)();
  EXPECT_TRUE(classifier.ok()) << classifier.status();
  return std::move(*classifier);
}

// A distribution over `num_classes` classes: finite, non-negative, summing to 1.
void ExpectDistribution(const absl::StatusOr<std::vector<double>>& distribution,
                        int num_classes, const std::string& what) {
  ASSERT_TRUE(distribution.ok()) << what << ": " << distribution.status();
  ASSERT_EQ(distribution->size(), num_classes) << what;
  double total = 0;
  for (double p : *distribution) {
    EXPECT_TRUE(std::isfinite(p) && p >= 0) << what << ": probability " << p;
    total += p;
  }
  EXPECT_NEAR(total, 1.0, 1e-9) << what;
}

class BadInputTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputTest, ClassWithOneValue) {
  const Dataset data = TwoNumbers({"only"}, 12, [](int) { return 0; });
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  ASSERT_TRUE(classifier->Train(data).ok()) << classifier->Train(data);
  const absl::StatusOr<std::vector<double>> distribution =
      classifier->Distribution(data.instances[5]);
  ExpectDistribution(distribution, 1, GetParam());
}

TEST_P(BadInputTest, DeclaredLabelWithoutTrainingInstances) {
  // "unseen" is declared but no training instance has it: it gets (almost) no probability, and a
  // test instance labelled with it is classified like any other.
  const Dataset data = TwoNumbers({"a", "unseen", "b"}, 30, [](int i) { return i < 15 ? 0 : 2; });
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  ASSERT_TRUE(classifier->Train(data).ok()) << classifier->Train(data);
  Instance test = data.instances[20];
  test.values[2] = 1;
  const absl::StatusOr<std::vector<double>> distribution = classifier->Distribution(test);
  ExpectDistribution(distribution, 3, GetParam());
  EXPECT_LT((*distribution)[1], 0.5) << GetParam();
}

TEST_P(BadInputTest, AllMissingAttribute) {
  Dataset data = TwoNumbers({"a", "b"}, 20, [](int i) { return i % 2; });
  for (Instance& instance : data.instances) instance.values[1] = kMissingValue;
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  const absl::Status trained = classifier->Train(data);
  if (!trained.ok()) {
    // Only a model that cannot represent missing values may refuse, and it must say which.
    EXPECT_THAT(std::string(trained.message()), HasSubstr("'y'")) << GetParam();
    return;
  }
  ExpectDistribution(classifier->Distribution(data.instances[3]), 2, GetParam());
}

TEST_P(BadInputTest, NoTrainingInstances) {
  const Dataset data = TwoNumbers({"a", "b"}, 0, [](int) { return 0; });
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  const absl::Status trained = classifier->Train(data);
  EXPECT_THAT(std::string(trained.message()),
              HasSubstr("'degenerate' has no instance with a known class"))
      << GetParam();
}

TEST_P(BadInputTest, InstanceOfAnotherLayout) {
  const Dataset data = TwoNumbers({"a", "b"}, 20, [](int i) { return i % 2; });
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  ASSERT_TRUE(classifier->Train(data).ok());
  EXPECT_FALSE(classifier->Distribution({{1, 0}, 1}).ok()) << GetParam();
  EXPECT_FALSE(classifier->Distribution({{1, 0, 0, 4}, 1}).ok()) << GetParam();
}

TEST_P(BadInputTest, UntrainedClassifierRefusesToPredict) {
  std::unique_ptr<Classifier> classifier = Make(GetParam());
  EXPECT_FALSE(classifier->Distribution({{1, 0, 0}, 1}).ok()) << GetParam();
}

// Every classifier that learns from data ("rules" is written by hand and needs a rule file).
std::vector<std::string> TrainedClassifiers() {
  std::vector<std::string> names;
  for (const std::string& name : ClassifierNames()) {
    if (name != "rules") names.push_back(name);
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryClassifier, BadInputTest, ::testing::ValuesIn(TrainedClassifiers()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sentio
