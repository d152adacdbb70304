// exp, sigmoid and SiLU (x * sigmoid(x)) on 8 floats at a time, for the activations the CPU
// engine fuses into its kernels (EfficientNet's SiLU, squeeze-excitation gates) and for arrays.
// Cephes' expf: n = round(x log2 e), r = x - n ln 2 in two parts, a degree-5 polynomial for
// e^r, 2^n put into the exponent bits (rounding and 2^n by the 1.5 * 2^23 shift, without
// conversions); relative error below 2e-7 on [-87.3, 88.7], clamped beyond (so sigmoid and SiLU
// saturate instead of giving NaN). The scalar versions do the same steps.
#ifndef CNN_CPU_VECTOR_EXP_H_
#define CNN_CPU_VECTOR_EXP_H_

#include <cmath>
#include <cstdint>
#include <cstring>

// The functions below are always inlined, into code built for AVX2 or not: the warning that
// passing 32-byte vectors by value would change the ABI without AVX does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace sentio::cnn::cpu {

using Float8 = float __attribute__((vector_size(32)));
using Int8x32 = int32_t __attribute__((vector_size(32)));

namespace vector_exp_internal {
constexpr float kMax = 88.3762626647949f, kMin = -87.3365447505531f;
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kRoundingShift = 12582912.0f;  // 1.5 * 2^23
constexpr float kLn2High = 0.693359375f, kLn2Low = -2.12194440e-4f;
constexpr float kP0 = 1.9875691500e-4f, kP1 = 1.3981999507e-3f, kP2 = 8.3334519073e-3f,
                kP3 = 4.1665795894e-2f, kP4 = 1.6666665459e-1f, kP5 = 5.0000001201e-1f;
}  // namespace vector_exp_internal

__attribute__((always_inline)) inline Float8 Exp8(Float8 x) {
  using namespace vector_exp_internal;
  // `a < b ? a : b` is exactly minps (and the mirror maxps): one instruction per bound.
  x = x < kMax ? x : Float8{} + kMax;
  x = x > kMin ? x : Float8{} + kMin;
  // n = round(x log2 e): adding 1.5 * 2^23 leaves n in the low mantissa bits of `shifted`, so that
  // its bits shifted into the exponent field are 2^n's (the constant's own bits shift out).
  const Float8 shifted = x * kLog2e + kRoundingShift;
  const Float8 n_float = shifted - kRoundingShift;
  Int8x32 bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  bits = (bits << 23) + (127 << 23);
  const Float8 r = x - n_float * kLn2High - n_float * kLn2Low;
  Float8 p = kP0 * r + kP1;
  p = p * r + kP2;
  p = p * r + kP3;
  p = p * r + kP4;
  p = p * r + kP5;
  const Float8 e = p * (r * r) + r + 1.0f;
  Float8 power;
  std::memcpy(&power, &bits, sizeof power);
  return e * power;
}

__attribute__((always_inline)) inline Float8 Sigmoid8(Float8 x) { return 1.0f / (1.0f + Exp8(-x)); }

__attribute__((always_inline)) inline Float8 Silu8(Float8 x) { return x / (1.0f + Exp8(-x)); }

inline float ExpScalar(float x) {
  using namespace vector_exp_internal;
  x = x < kMax ? x : kMax;
  x = x > kMin ? x : kMin;
  const float shifted = x * kLog2e + kRoundingShift;
  const float n_float = shifted - kRoundingShift;
  uint32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  bits = (bits << 23) + (127u << 23);
  const float r = x - n_float * kLn2High - n_float * kLn2Low;
  float p = kP0 * r + kP1;
  p = p * r + kP2;
  p = p * r + kP3;
  p = p * r + kP4;
  p = p * r + kP5;
  const float e = p * (r * r) + r + 1.0f;
  float power;
  std::memcpy(&power, &bits, sizeof power);
  return e * power;
}

inline float SigmoidScalar(float x) { return 1.0f / (1.0f + ExpScalar(-x)); }

inline float SiluScalar(float x) { return x / (1.0f + ExpScalar(-x)); }

}  // namespace sentio::cnn::cpu

#pragma GCC diagnostic pop

#endif  // CNN_CPU_VECTOR_EXP_H_
