#include "cnn/cpu/vector_exp.h"

#include <cmath>
#include <cstring>

#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

// Eight consecutive values from `first` in steps of `step`, as a vector.
Float8 Ramp(float first, float step) {
  Float8 v;
  for (int i = 0; i < 8; ++i) v[i] = first + i * step;
  return v;
}

TEST(VectorExpTest, ExpIsWithinTwoMillionthsRelativeOverTheFloatRange) {
  for (float x = -87.0f; x < 88.0f; x += 8 * 0.0137f) {
    const Float8 v = Ramp(x, 0.0137f);
    const Float8 e = Exp8(v);
    for (int i = 0; i < 8; ++i) {
      const double expected = std::exp(static_cast<double>(v[i]));
      ASSERT_NEAR(e[i], expected, 2e-7 * expected) << v[i];
      ASSERT_NEAR(ExpScalar(v[i]), expected, 2e-7 * expected) << v[i];
    }
  }
}

TEST(VectorExpTest, SigmoidAndSiluSaturateInsteadOfOverflowing) {
  for (float x = -120.0f; x < 120.0f; x += 8 * 0.031f) {
    const Float8 v = Ramp(x, 0.031f);
    const Float8 sigmoid = Sigmoid8(v), silu = Silu8(v);
    for (int i = 0; i < 8; ++i) {
      const double expected = 1.0 / (1.0 + std::exp(-static_cast<double>(v[i])));
      ASSERT_TRUE(std::isfinite(sigmoid[i]) && std::isfinite(silu[i])) << v[i];
      ASSERT_NEAR(sigmoid[i], expected, 3e-7 * expected + 1e-30) << v[i];
      ASSERT_NEAR(silu[i], v[i] * expected, 3e-7 * std::abs(v[i] * expected) + 1e-30) << v[i];
      ASSERT_NEAR(SigmoidScalar(v[i]), expected, 3e-7 * expected + 1e-30) << v[i];
      ASSERT_NEAR(SiluScalar(v[i]), v[i] * expected, 3e-7 * std::abs(v[i] * expected) + 1e-30);
    }
  }
  EXPECT_EQ(Sigmoid8(Ramp(1000.0f, 1.0f))[0], 1.0f);
  EXPECT_NEAR(Silu8(Ramp(-1000.0f, 1.0f))[0], 0.0f, 1e-30f);
}

}  // namespace
}  // namespace sentio::cnn::cpu
