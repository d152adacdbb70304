#include "cnn/ir/half.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace sentio::cnn {
namespace {

uint32_t FloatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

float BitsToFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

// `magnitude` >> `shift`, rounded to nearest with ties to even (shift from 1 to 31).
uint32_t ShiftRightRoundingToEven(uint32_t magnitude, int shift) {
  const uint32_t kept = magnitude >> shift;
  const uint32_t rest = magnitude & ((1u << shift) - 1);
  const uint32_t halfway = 1u << (shift - 1);
  return kept + (rest > halfway || (rest == halfway && (kept & 1)) ? 1 : 0);
}

}  // namespace

uint16_t FloatToHalf(float value) {
  const uint32_t bits = FloatBits(value);
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
  const uint32_t magnitude = bits & 0x7fffffff;
  if (magnitude >= 0x7f800000) {  // infinity or NaN
    if (magnitude == 0x7f800000) return sign | 0x7c00;
    // A NaN keeps the top 10 bits of its payload, and stays a NaN when they are all zero.
    const uint32_t payload = (magnitude & 0x7fffff) >> 13;
    return sign | 0x7c00 | (payload == 0 ? 1 : payload);
  }
  // 65520 is halfway between the largest half (65504) and 2^16; the tie goes to the even
  // neighbour, which is infinity.
  if (magnitude >= 0x477ff000) return sign | 0x7c00;
  if (magnitude >= 0x38800000) {  // a normal half (at least 2^-14): re-bias the exponent by 112
    return sign | static_cast<uint16_t>(ShiftRightRoundingToEven(magnitude - 0x38000000, 13));
  }
  // A subnormal half or zero: the value in units of 2^-24. The float is mantissa * 2^(e - 150)
  // with the implicit bit included; float subnormals (e = 0) are far below 2^-25 and round to 0.
  const int exponent = static_cast<int>(magnitude >> 23);
  const int shift = 126 - exponent;
  if (exponent == 0 || shift > 24) return sign;
  const uint32_t mantissa = (magnitude & 0x7fffff) | 0x800000;
  // Rounding up from 0x3ff gives 0x400, the encoding of the smallest normal half: right as it is.
  return sign | static_cast<uint16_t>(ShiftRightRoundingToEven(mantissa, shift));
}

float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  const uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  if (exponent == 0x1f) return BitsToFloat(sign | 0x7f800000 | (mantissa << 13));
  if (exponent != 0) return BitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  if (mantissa == 0) return BitsToFloat(sign);
  // Subnormal: mantissa * 2^-24, normalised so that its leading bit becomes the implicit one.
  int float_exponent = 113;  // the exponent field of 2^-14, less one per shift below
  while ((mantissa & 0x400) == 0) {
    mantissa <<= 1;
    --float_exponent;
  }
  return BitsToFloat(sign | (static_cast<uint32_t>(float_exponent) << 23) | ((mantissa & 0x3ff) << 13));
}

std::string EncodeHalfValues(const float* values, size_t count) {
  std::string bytes(2 * count, '\0');
  for (size_t i = 0; i < count; ++i) {
    const uint16_t half = FloatToHalf(values[i]);
    bytes[2 * i] = static_cast<char>(half & 0xff);
    bytes[2 * i + 1] = static_cast<char>(half >> 8);
  }
  return bytes;
}

absl::StatusOr<std::vector<uint16_t>> DecodeHalfBits(absl::string_view bytes) {
  if (bytes.size() % 2 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(bytes.size(), " bytes of half values: not a whole number of halves"));
  }
  std::vector<uint16_t> halves(bytes.size() / 2);
  for (size_t i = 0; i < halves.size(); ++i) {
    halves[i] = static_cast<uint16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                      static_cast<unsigned char>(bytes[2 * i + 1]) << 8);
  }
  return halves;
}

absl::StatusOr<std::vector<float>> DecodeHalfValues(absl::string_view bytes) {
  absl::StatusOr<std::vector<uint16_t>> halves = DecodeHalfBits(bytes);
  if (!halves.ok()) return halves.status();
  std::vector<float> values(halves->size());
  for (size_t i = 0; i < values.size(); ++i) values[i] = HalfToFloat((*halves)[i]);
  return values;
}

}  // namespace sentio::cnn
