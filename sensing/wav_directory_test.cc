#include "sensing/wav_directory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string MakeDirectory(const std::string& name, const std::vector<std::string>& files) {
  const std::string directory = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::create_directories(directory);
  for (const std::string& file : files) std::ofstream(directory + "/" + file) << "x";
  return directory;
}

TEST(WavDirectoryTest, MatchingFilesInNameOrderWithLabels) {
  const std::string directory =
      MakeDirectory("digits", {"7_theo_1.wav", "0_george_2.wav", "notes.txt", "1_theo_0.wav"});
  std::filesystem::create_directories(directory + "/9_dir.wav");
  auto files = ListLabelledFiles(directory, ".*\\.wav", "^([0-9])_");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].name, "0_george_2.wav");
  EXPECT_EQ((*files)[0].label, "0");
  EXPECT_EQ((*files)[0].path, directory + "/0_george_2.wav");
  EXPECT_EQ((*files)[2].label, "7");

  auto theo = ListLabelledFiles(directory, ".*_theo_.*\\.wav", "");
  ASSERT_TRUE(theo.ok());
  ASSERT_EQ(theo->size(), 2u);
  EXPECT_EQ((*theo)[0].label, "");
}

TEST(WavDirectoryTest, ErrorsNameDirectoryPatternAndFile) {
  const std::string directory = MakeDirectory("mixed", {"7_a.wav", "b.wav"});
  EXPECT_THAT(ListLabelledFiles(directory + "/none", ".*", "").status().message(),
              HasSubstr("none: not a directory"));
  EXPECT_THAT(ListLabelledFiles(directory, ".*\\.flac", "").status().message(),
              HasSubstr("mixed: no file name matches '.*\\.flac'"));
  EXPECT_THAT(ListLabelledFiles(directory, "(", "").status().message(),
              HasSubstr("file pattern '(' is not a valid regular expression"));
  EXPECT_THAT(ListLabelledFiles(directory, ".*", "^[0-9]_").status().message(),
              HasSubstr("has no capture group"));
  EXPECT_THAT(ListLabelledFiles(directory, ".*\\.wav", "^([0-9])_").status().message(),
              HasSubstr("b.wav: the label pattern '^([0-9])_' finds no label in the name"));
}

}  // namespace
}  // namespace sentio
