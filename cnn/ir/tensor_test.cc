#include "cnn/ir/tensor.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "cnn/ir/half.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(TensorTest, ZerosHasShapeAndZeroValues) {
  absl::StatusOr<Tensor> tensor = Tensor::Zeros({2, 3, 1, 2});
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(tensor->rank(), 4);
  EXPECT_EQ(tensor->size(), 12);
  EXPECT_EQ(tensor->dim(1), 3);
  EXPECT_EQ(tensor->dim(-1), 2);
  EXPECT_THAT(tensor->values(), ::testing::Each(0.0f));
}

TEST(TensorTest, FromValuesChecksTheCount) {
  absl::StatusOr<Tensor> tensor = Tensor::FromValues({2, 2}, {1, 2, 3});
  ASSERT_FALSE(tensor.ok());
  EXPECT_THAT(tensor.status().message(), HasSubstr("[2,2] needs 4 values, got 3"));
}

TEST(TensorTest, NegativeAndHugeShapesAreErrors) {
  EXPECT_THAT(Tensor::Zeros({2, -1}).status().message(), HasSubstr("negative dimension"));
  EXPECT_THAT(Tensor::Zeros({1 << 30, 1 << 30, 1 << 30}).status().message(),
              HasSubstr("too many elements"));
}

TEST(TensorTest, ScalarShapeHasOneElement) {
  absl::StatusOr<Tensor> tensor = Tensor::FromValues({}, {7});
  ASSERT_TRUE(tensor.ok());
  EXPECT_EQ((*tensor)[0], 7);
}

TEST(TensorTest, ReshapeKeepsValuesAndChecksCount) {
  absl::StatusOr<Tensor> tensor = Tensor::FromValues({2, 3}, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(tensor.ok());
  ASSERT_TRUE(tensor->Reshape({3, 2}).ok());
  EXPECT_THAT(tensor->shape(), ElementsAre(3, 2));
  EXPECT_THAT(tensor->values(), ElementsAre(1, 2, 3, 4, 5, 6));
  EXPECT_THAT(tensor->Reshape({4, 2}).message(), HasSubstr("cannot reshape [3,2] (6 values) to [4,2]"));
}

TEST(TensorTest, FloatTensorsAreFloat32) {
  absl::StatusOr<Tensor> tensor = Tensor::FromValues({2}, {1, 2});
  ASSERT_TRUE(tensor.ok());
  EXPECT_EQ(tensor->dtype(), DataType::kFloat32);
  EXPECT_EQ(Tensor().dtype(), DataType::kFloat32);
  EXPECT_EQ(tensor->ByteSize(), 8);
  EXPECT_STREQ(DataTypeName(DataType::kFloat16), "float16");
  EXPECT_EQ(DataTypeSize(DataType::kInt64), 8);
}

TEST(TensorTest, HalvesRoundTripThroughFloatAsHalfDoes) {
  // 1, 0.1 (rounded), -2, 65504 (the largest half), the smallest subnormal, -0, 1 + 2^-10.
  const std::vector<float> floats = {1.0f, 0.1f, -2.0f, 65504.0f, std::ldexp(1.0f, -24), -0.0f,
                                     1.0f + std::ldexp(1.0f, -10), 1.0f + std::ldexp(1.0f, -12)};
  absl::StatusOr<Tensor> source = Tensor::FromValues({2, 4}, floats);
  ASSERT_TRUE(source.ok());
  const Tensor half = source->ToFloat16();
  EXPECT_EQ(half.dtype(), DataType::kFloat16);
  EXPECT_THAT(half.shape(), ElementsAre(2, 4));
  EXPECT_EQ(half.size(), 8);
  EXPECT_EQ(half.ByteSize(), 16);
  ASSERT_EQ(half.halves().size(), floats.size());
  for (size_t i = 0; i < floats.size(); ++i) EXPECT_EQ(half.halves()[i], FloatToHalf(floats[i])) << i;
  EXPECT_EQ(half.halves()[1], 0x2e66);

  const Tensor back = half.ToFloat32();
  EXPECT_EQ(back.dtype(), DataType::kFloat32);
  EXPECT_EQ(back.ByteSize(), 32);
  for (size_t i = 0; i < floats.size(); ++i) {
    EXPECT_EQ(back[i], HalfToFloat(FloatToHalf(floats[i]))) << i;
  }
  EXPECT_TRUE(std::signbit(back[5]));
  EXPECT_EQ(back[7], 1.0f);  // below half's precision: rounded to even
  // Halves are exactly floats: float -> half -> float -> half is the identity on the halves.
  EXPECT_EQ(back.ToFloat16().halves(), half.halves());
}

TEST(TensorTest, FromHalvesKeepsTheBitsAndChecksTheCount) {
  absl::StatusOr<Tensor> tensor = Tensor::FromHalves({3}, {0x3c00, 0xc000, 0x7bff});
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(tensor->dtype(), DataType::kFloat16);
  EXPECT_THAT(tensor->halves(), ElementsAre(0x3c00, 0xc000, 0x7bff));
  EXPECT_THAT(tensor->ToFloat32().values(), ElementsAre(1.0f, -2.0f, 65504.0f));
  ASSERT_TRUE(tensor->Reshape({1, 3}).ok());
  EXPECT_THAT(tensor->shape(), ElementsAre(1, 3));
  EXPECT_THAT(Tensor::FromHalves({2, 2}, {1, 2, 3}).status().message(),
              HasSubstr("[2,2] needs 4 values, got 3"));
  // Infinities and NaNs decode as they are (model files reject them before they become tensors).
  absl::StatusOr<Tensor> special = Tensor::FromHalves({2}, {0x7c00, 0x7e00});
  ASSERT_TRUE(special.ok());
  EXPECT_TRUE(std::isinf(special->ToFloat32()[0]));
  EXPECT_TRUE(std::isnan(special->ToFloat32()[1]));
}

TEST(TensorTest, Int64Tensors) {
  const int64_t big = int64_t{1} << 40;
  absl::StatusOr<Tensor> tensor = Tensor::FromInt64s({2, 2}, {1, -3, big, 0});
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(tensor->dtype(), DataType::kInt64);
  EXPECT_EQ(tensor->size(), 4);
  EXPECT_EQ(tensor->ByteSize(), 32);
  EXPECT_THAT(tensor->int64s(), ElementsAre(1, -3, big, 0));
  EXPECT_THAT(tensor->ToFloat32().values(), ElementsAre(1.0f, -3.0f, static_cast<float>(big), 0.0f));
  EXPECT_THAT(Tensor::FromInt64s({3}, {1}).status().message(), HasSubstr("[3] needs 3 values, got 1"));
  const Tensor copy = *tensor;  // deep copies
  EXPECT_EQ(copy.int64s(), tensor->int64s());
}

TEST(TensorTest, FloatCopiesAreCopies) {
  absl::StatusOr<Tensor> tensor = Tensor::FromValues({2}, {1, 2});
  ASSERT_TRUE(tensor.ok());
  Tensor copy = tensor->ToFloat32();
  copy[0] = 5;
  EXPECT_EQ((*tensor)[0], 1);
  EXPECT_NE(copy.data(), tensor->data());
}

#ifndef NDEBUG
TEST(TensorDeathTest, FloatAccessToOtherTypesFailsInDebugBuilds) {
  Tensor half = *Tensor::FromHalves({2}, {0x3c00, 0x4000});
  Tensor int64s = *Tensor::FromInt64s({1}, {3});
  const Tensor& const_half = half;
  EXPECT_DEATH(half.data(), "not float32");
  EXPECT_DEATH(const_half.data(), "not float32");
  EXPECT_DEATH(const_half.values(), "not float32");
  EXPECT_DEATH(const_half[0], "not float32");
  EXPECT_DEATH(int64s[0], "not float32");
  EXPECT_DEATH(int64s.halves(), "not float16");
  EXPECT_DEATH(half.int64s(), "not int64");
  Tensor floats = *Tensor::FromValues({1}, {1});
  EXPECT_DEATH(floats.halves(), "not float16");
}
#endif

}  // namespace
}  // namespace sentio::cnn
