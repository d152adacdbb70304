#include "cnn/ir/tensor.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
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

}  // namespace
}  // namespace sentio
