#include "cnn/transforms/half_weights.h"

#include <limits>

#include "cnn/ir/half.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::transforms {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Initializers "w" (values that round to halves in different ways, and a NaN) and "empty".
cnn::Model ModelWithWeights() {
  cnn::Model model;
  cnn::TensorData& w = *model.add_initializer();
  w.set_name("w");
  w.add_dims(4);
  for (float v : {1.0f, 0.1f, -65519.0f, std::numeric_limits<float>::infinity()}) w.add_values(v);
  cnn::TensorData& empty = *model.add_initializer();
  empty.set_name("empty");
  empty.add_dims(0);
  return model;
}

const float kInfinity = std::numeric_limits<float>::infinity();

TEST(HalfWeightsTest, StoreThenExpandGivesTheValuesRoundedToHalf) {
  cnn::Model model = ModelWithWeights();
  ASSERT_TRUE(StoreWeightsAsHalf(model).ok());
  EXPECT_THAT(model.initializer(0).values(), IsEmpty());
  EXPECT_EQ(model.initializer(0).half_values().size(), 8u);
  EXPECT_THAT(model.initializer(1).half_values(), IsEmpty());
  ASSERT_TRUE(ExpandHalfWeights(model).ok());
  EXPECT_THAT(model.initializer(0).half_values(), IsEmpty());
  EXPECT_THAT(model.initializer(0).values(),
              ElementsAre(1.0f, HalfToFloat(0x2e66), -65504.0f, kInfinity));
  EXPECT_THAT(model.initializer(1).values(), IsEmpty());
}

TEST(HalfWeightsTest, RoundingKeepsFloatStorage) {
  cnn::Model model = ModelWithWeights();
  ASSERT_TRUE(RoundWeightsThroughHalf(model).ok());
  EXPECT_THAT(model.initializer(0).half_values(), IsEmpty());
  EXPECT_THAT(model.initializer(0).values(),
              ElementsAre(1.0f, HalfToFloat(0x2e66), -65504.0f, kInfinity));
}

TEST(HalfWeightsTest, FiniteValueBeyondTheHalfRangeIsAnErrorNamingTheInitializer) {
  for (auto convert : {&StoreWeightsAsHalf, &RoundWeightsThroughHalf}) {
    cnn::Model model = ModelWithWeights();
    model.mutable_initializer(0)->set_values(1, 65520.0f);
    absl::Status status = convert(model);
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.message(), HasSubstr("initializer 'w': value 1 (65520) is beyond"));
  }
}

TEST(HalfWeightsTest, BothKindsOfValuesIsAnErrorNamingTheInitializer) {
  cnn::Model model = ModelWithWeights();
  model.mutable_initializer(0)->set_half_values(std::string("\x00\x3c", 2));
  absl::Status status = ExpandHalfWeights(model);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("initializer 'w' has both"));
}

TEST(HalfWeightsTest, OddHalfByteCountIsAnErrorNamingTheInitializer) {
  cnn::Model model = ModelWithWeights();
  model.mutable_initializer(1)->set_half_values(std::string("\x00\x3c\x00", 3));
  absl::Status status = ExpandHalfWeights(model);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("initializer 'empty': 3 bytes of half values"));
}

}  // namespace
}  // namespace sentio::cnn::transforms
