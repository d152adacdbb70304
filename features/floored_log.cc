#include "features/floored_log.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/base/attributes.h"
#include "base/simd_clones.h"

namespace sentio {
namespace {

// The values are taken kBlock at a time, a whole number of vectors, and a remainder is padded to
// a block: 23 mel energies cost three blocks rather than two and seven scalar logarithms.
constexpr int kBlock = 8;

ABSL_ATTRIBUTE_ALWAYS_INLINE inline void FlooredLogOfBlock(float* data, float floor) {
  for (int i = 0; i < kBlock; ++i) {
    const float x = std::max(data[i], floor);  // positive (or +inf or NaN) from here on
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof(bits));
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)): subtracting the bits of sqrt(1/2) moves the
    // exponent's boundary there, so that no branch is needed.
    const int e = static_cast<int32_t>(bits - 0x3F3504F3u) >> 23;
    const uint32_t mantissa_bits = bits - (static_cast<uint32_t>(e) << 23);
    float m;
    std::memcpy(&m, &mantissa_bits, sizeof(m));
    // log(1 + f) = f - f^2 / 2 + f^3 P(f) (Cephes), and ln 2 in two parts for e ln 2.
    const float f = m - 1.0f;
    const float z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    const float fe = static_cast<float>(e);
    float y = f * z * p;
    y += -2.12194440e-4f * fe;
    y += -0.5f * z;
    const float log_x = (f + y) + 0.693359375f * fe;
    // Infinity and NaN (bits from 0x7F800000 on, x being positive) are their own logarithm: a
    // select on the bits, which GCC vectorises where it leaves a select on floats as a branch.
    uint32_t log_bits;
    std::memcpy(&log_bits, &log_x, sizeof(log_bits));
    const uint32_t keep_log = 0u - static_cast<uint32_t>(bits < 0x7F800000u);
    const uint32_t out_bits = (log_bits & keep_log) | (bits & ~keep_log);
    std::memcpy(&data[i], &out_bits, sizeof(out_bits));
  }
}

}  // namespace

SENTIO_SIMD_CLONES void FlooredLogInPlace(absl::Span<float> values, float floor) {
  float* data = values.data();
  const int64_t count = static_cast<int64_t>(values.size());
  int64_t i = 0;
  for (; i + kBlock <= count; i += kBlock) FlooredLogOfBlock(data + i, floor);
  if (i < count) {
    float block[kBlock];
    std::fill(block, block + kBlock, 1.0f);
    std::copy(data + i, data + count, block);
    FlooredLogOfBlock(block, floor);
    std::copy(block, block + (count - i), data + i);
  }
}

}  // namespace sentio
