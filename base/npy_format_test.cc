#include "base/npy_format.h"

#include <string>

#include "gtest/gtest.h"

namespace sentio {
namespace {

TEST(NpyFormatTest, HeaderIsPaddedTo64BytesAndValuesAreLittleEndianFloats) {
  const std::string bytes = Float32Npy({2, 1}, {1.0f, -2.0f});
  // The 59-character dict, 10 bytes before it and a line end make 70: padded to 128.
  ASSERT_EQ(bytes.size(), 128u + 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(bytes[8]) + 256 * static_cast<unsigned char>(bytes[9]),
            128 - 10);
  EXPECT_EQ(bytes.substr(10).find("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }"),
            0u);
  EXPECT_EQ(bytes[127], '\n');
  EXPECT_EQ(bytes.substr(128), std::string("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8));
}

TEST(NpyFormatTest, OneDimensionalShapeHasATrailingComma) {
  EXPECT_NE(Float32Npy({3}, {1, 2, 3}).find("'shape': (3,), }"), std::string::npos);
}

}  // namespace
}  // namespace sentio
