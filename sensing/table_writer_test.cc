#include "sensing/table_writer.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include "base/file_reading.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/csv_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

Dataset Windows() {
  Dataset data;
  data.relation = "w";
  data.attributes = {{"acc.mean", AttributeType::kNumeric, {}, ""},
                     {"acc.std", AttributeType::kNumeric, {}, ""},
                     {"class", AttributeType::kNominal, {"walk", "run, fast"}, ""}};
  data.class_index = 2;
  data.instances = {{{0.1, 200, 1}, 1.0}, {{-2.5e-7, kMissingValue, 0}, 1.0}};
  return data;
}

TEST(TableWriterTest, CsvReadsBackTheSameValues) {
  const std::string path = TempPath("w.csv");
  ASSERT_TRUE(WriteTableFile(Windows(), path).ok());
  EXPECT_EQ(*ReadWholeFile(path),
            "acc.mean,acc.std,class\n0.1,200,\"run, fast\"\n-2.5e-07,,walk\n");
  const absl::StatusOr<Dataset> back = ReadCsvFile(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->instances[1].values[0], -2.5e-7);
  EXPECT_TRUE(IsMissing(back->instances[1].values[1]));
}

TEST(TableWriterTest, NpyHoldsEveryAttributeAsFloat32) {
  const std::string path = TempPath("w.npy");
  ASSERT_TRUE(WriteTableFile(Windows(), path).ok());
  const std::string bytes = *ReadWholeFile(path);
  EXPECT_NE(bytes.find("'shape': (2, 3)"), std::string::npos);
  ASSERT_EQ(bytes.size(), 128u + 6 * 4);
  float values[6];
  std::memcpy(values, bytes.data() + 128, sizeof(values));
  EXPECT_FLOAT_EQ(values[1], 200);
  EXPECT_EQ(values[2], 1);              // the class as its label's index
  EXPECT_TRUE(values[4] != values[4]);  // missing: NaN
}

TEST(TableWriterTest, ArffForArffAndAnyOtherNameAndBadRequests) {
  ASSERT_TRUE(WriteTableFile(Windows(), TempPath("w.arff")).ok());
  EXPECT_THAT(*ReadWholeFile(TempPath("w.arff")),
              HasSubstr("@attribute class {walk, 'run, fast'}"));
  ASSERT_TRUE(WriteTableFile(Windows(), TempPath("w.features")).ok());
  EXPECT_EQ(*ReadWholeFile(TempPath("w.features")), *ReadWholeFile(TempPath("w.arff")));
  Dataset text = Windows();
  text.attributes[0].type = AttributeType::kString;
  text.attributes[0].values = {"a"};
  text.instances[0].values[0] = 0;
  text.instances[1].values[0] = 0;
  EXPECT_THAT(WriteTableFile(text, TempPath("t.csv")).message(),
              HasSubstr("attribute 'acc.mean' is string; .csv and .npy tables hold numeric and "
                        "nominal attributes"));
}

}  // namespace
}  // namespace sentio
