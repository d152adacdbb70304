#include "features/feature_frames_file.h"

#include <cstdlib>
#include <string>

#include "base/file_reading.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

std::vector<UtteranceFeatures> TwoUtterances() {
  return {{"0_george_0", {{1.5f, -2}, {3, 0.25f}}}, {"1_jackson_3", {{7, 8}}}};
}

TEST(FeatureFramesFileTest, KaldiTextArchiveAsCopyFeatsWritesIt) {
  const std::string path = TempPath("f.ark.txt");
  ASSERT_TRUE(WriteFeatureFrames(TwoUtterances(), path).ok());
  EXPECT_EQ(*ReadWholeFile(path),
            "0_george_0  [\n  1.5 -2 \n  3 0.25 ]\n"
            "1_jackson_3  [\n  7 8 ]\n");
}

TEST(FeatureFramesFileTest, CsvHasOneRowPerFrame) {
  const std::string path = TempPath("f.csv");
  ASSERT_TRUE(WriteFeatureFrames(TwoUtterances(), path).ok());
  EXPECT_EQ(*ReadWholeFile(path),
            "utterance,frame,c0,c1\n0_george_0,0,1.5,-2\n0_george_0,1,3,0.25\n1_jackson_3,0,7,8\n");
}

TEST(FeatureFramesFileTest, NpyReadsBackAsAFramesByValuesArray) {
  const std::string path = TempPath("f.npy");
  ASSERT_TRUE(WriteFeatureFrames({TwoUtterances()[0]}, path).ok());
  const absl::StatusOr<cnn::Tensor> array = cnn::ReadNpyFile(path);
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_THAT(array->shape(), ElementsAre(2, 2));
  EXPECT_THAT(array->values(), ElementsAre(1.5f, -2, 3, 0.25f));
}

TEST(FeatureFramesFileTest, BadRequestsAreNamed) {
  EXPECT_THAT(WriteFeatureFrames(TwoUtterances(), TempPath("f.npy")).message(),
              HasSubstr("an .npy file holds one utterance's frames; 2 were given"));
  ASSERT_TRUE(WriteFeatureFrames(TwoUtterances(), TempPath("f.feats")).ok());
  EXPECT_EQ(*ReadWholeFile(TempPath("f.feats")),
            "0_george_0  [\n  1.5 -2 \n  3 0.25 ]\n"
            "1_jackson_3  [\n  7 8 ]\n");
  EXPECT_THAT(WriteFeatureFrames({{"a b", {{1}}}}, TempPath("f.csv")).message(),
              HasSubstr("utterance id 'a b' is empty or holds white space"));
  EXPECT_THAT(WriteFeatureFrames({{"a", {{1}, {1, 2}}}}, TempPath("f.csv")).message(),
              HasSubstr("utterance 'a' has frames of 2 values after frames of 1"));
}

}  // namespace
}  // namespace sentio
