// IEEE 754 binary16 ("half") storage for CNN weights: float <-> half with round-to-nearest-even,
// infinities, NaNs (payload kept where it fits) and subnormals handled exactly, and packing of
// float arrays as little-endian half bytes (the `half_values` field of cnn/ir/model.proto).
#ifndef CNN_IR_HALF_H_
#define CNN_IR_HALF_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio::cnn {

// The half nearest to `value` (ties to even); beyond the largest half (65504) it is infinity.
uint16_t FloatToHalf(float value);
// The float equal to `half` (every half is exactly a float).
float HalfToFloat(uint16_t half);

// `count` floats as 2 * count bytes, each rounded to half, little-endian.
std::string EncodeHalfValues(const float* values, size_t count);
// The floats of bytes written by EncodeHalfValues; an odd number of bytes is an error.
absl::StatusOr<std::vector<float>> DecodeHalfValues(absl::string_view bytes);
// The half bit patterns of bytes written by EncodeHalfValues, undecoded (a float16 tensor's
// storage); an odd number of bytes is an error.
absl::StatusOr<std::vector<uint16_t>> DecodeHalfBits(absl::string_view bytes);
// Whether `half` is finite (not an infinity or NaN).
inline bool IsFiniteHalf(uint16_t half) { return (half & 0x7c00) != 0x7c00; }

}  // namespace sentio::cnn

#endif  // CNN_IR_HALF_H_
