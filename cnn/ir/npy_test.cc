#include "cnn/ir/npy.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The first bytes `numpy.save` writes for a float32 array of shape (2, 3).
const std::string kNumpyHeader2x3 =
    std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + std::string(58, ' ') + "\n";

std::string FloatBytes(const std::vector<float>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

TEST(NpyTest, WritesExactlyWhatNumpyWrites) {
  const Tensor tensor = Tensor::FromValues({2, 3}, {1, 2, 3, 4, 5, 6}).value();
  EXPECT_EQ(SerializeNpy(tensor), kNumpyHeader2x3 + FloatBytes({1, 2, 3, 4, 5, 6}));
}

TEST(NpyTest, RoundTripsOneDimensionalAndScalarShapes) {
  for (const Shape& shape : {Shape{5}, Shape{}, Shape{1, 1, 28, 28}}) {
    const Tensor tensor = Tensor::Zeros(shape).value();
    const std::string bytes = SerializeNpy(tensor);
    EXPECT_EQ(bytes.find('\n') % 64, 63u);
    absl::StatusOr<Tensor> read = ParseNpy(bytes, "t.npy");
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->shape(), shape);
  }
}

TEST(NpyTest, ReadsDoublesAndBytesAsFloats) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";
  const double doubles[2] = {0.5, -2};
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size()) +
                      '\0' + header + std::string(reinterpret_cast<const char*>(doubles), 16);
  absl::StatusOr<Tensor> read = ParseNpy(bytes, "d.npy");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->values(), ElementsAre(0.5, -2));

  header = "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }\n";
  bytes = std::string("\x93NUMPY\x02\x00", 8) + static_cast<char>(header.size()) +
          std::string(3, '\0') + header + "\x01\x02\xff";
  read = ParseNpy(bytes, "u.npy");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->values(), ElementsAre(1, 2, 255));
}

TEST(NpyTest, FileRoundTrip) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/x.npy";
  ASSERT_TRUE(WriteNpyFile(Tensor::FromValues({3}, {1, 2, 3}).value(), path).ok());
  absl::StatusOr<Tensor> read = ReadNpyFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->values(), ElementsAre(1, 2, 3));
}

TEST(NpyTest, MalformedFilesAreNamed) {
  const std::string data = FloatBytes({1, 2, 3, 4, 5, 6});
  EXPECT_THAT(ParseNpy("PK\x03\x04", "zip.npy").status().message(),
              HasSubstr("zip.npy: not a .npy file"));
  EXPECT_THAT(ParseNpy(kNumpyHeader2x3.substr(0, 40), "cut.npy").status().message(),
              HasSubstr("cut.npy: truncated .npy header"));
  EXPECT_THAT(ParseNpy(kNumpyHeader2x3 + data.substr(0, 20), "short.npy").status().message(),
              HasSubstr("short.npy: shape [2,3] needs 24 bytes of data, the file has 20"));
  std::string fortran = kNumpyHeader2x3;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_THAT(ParseNpy(fortran + data, "f.npy").status().message(), HasSubstr("Fortran-order"));
  std::string ints = kNumpyHeader2x3;
  ints.replace(ints.find("<f4"), 3, "<i4");
  EXPECT_THAT(ParseNpy(ints + data, "i.npy").status().message(),
              HasSubstr("i.npy: element type '<i4' is not supported"));
  std::string bad_shape = kNumpyHeader2x3;
  bad_shape.replace(bad_shape.find("(2, 3)"), 6, "(2, x)");
  EXPECT_THAT(ParseNpy(bad_shape + data, "s.npy").status().message(),
              HasSubstr("bad dimension 'x'"));
  std::string version = kNumpyHeader2x3;
  version[6] = 9;
  EXPECT_THAT(ParseNpy(version + data, "v.npy").status().message(),
              HasSubstr("format version 9 is not supported"));
  EXPECT_THAT(ReadNpyFile("/nonexistent/in.npy").status().message(), HasSubstr("/nonexistent/in.npy"));
}

}  // namespace
}  // namespace sentio::cnn
