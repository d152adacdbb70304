#include "apps/cnn_detect_command.h"

#include <string>

#include "apps/command_runner_for_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ContainsRegex;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kData[] = "external/shared_data/";

std::vector<std::string> YoloFastestFlags() {
  const std::string models = std::string(kData) + "models/yolo-fastest-1.1_body.";
  return {"--model=" + models + "cfg", "--weights=" + models + "weights",
          "--video=" + std::string(kData) + "video/highway_320x240.y4m"};
}

// Highway frames 34 and 35 hold two people each for OpenCV DNN at threshold 0.1
// (cnn/vision/testdata/yolo_fastest_golden.txt).
TEST(CnnDetectCommandTest, PrintsOneLinePerBoxAndTheCountLast) {
  std::vector<std::string> args = YoloFastestFlags();
  args.insert(args.end(), {"--threshold=0.1", "--nms=0.4", "--start=34", "--frames=2"});
  std::string output;
  absl::Status status = RunCommandForTest(&RunCnnDetectCommand, args, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("Frames: 34 to 35 (2 run)"));
  EXPECT_THAT(output, HasSubstr("frame=34 class=0 score=0.2182 left=265.4 top=36.7 width=7.5 "
                                "height=15.8\n"));
  EXPECT_THAT(output, HasSubstr("frame=35 class=0 score=0.1724"));
  EXPECT_THAT(output, EndsWith("\ndetections=4\n"));
  // Each frame's time comes before its boxes, without asking.
  EXPECT_THAT(output, ContainsRegex("\ntime frame=34 ms=[0-9]+\\.[0-9]{3}\nframe=34 class=0"));
  EXPECT_THAT(output, ContainsRegex("\ntime frame=35 ms=[0-9]+\\.[0-9]{3}\nframe=35 class=0"));
  EXPECT_THAT(output, Not(HasSubstr("Time: per frame")));  // the summary needs --timing
}

TEST(CnnDetectCommandTest, BadFlagsAndModelsAreErrors) {
  std::string output;
  std::vector<std::string> args = YoloFastestFlags();
  args.push_back("--threshold=2");
  EXPECT_THAT(RunCommandForTest(&RunCnnDetectCommand, args, output).message(),
              HasSubstr("--threshold: 2 is not 0 to 1"));
  args = YoloFastestFlags();
  args.push_back("--frames=-3");
  EXPECT_THAT(RunCommandForTest(&RunCnnDetectCommand, args, output).message(),
              HasSubstr("--frames: -3 < 0"));
  args = YoloFastestFlags();
  args[1] = "--weights=" + std::string(kData) + "models/yolo-fastest-1.1_body.cfg";
  EXPECT_THAT(RunCommandForTest(&RunCnnDetectCommand, args, output).message(),
              HasSubstr("floats, only"));
  EXPECT_THAT(RunCommandForTest(&RunCnnDetectCommand,
                                {"--model=" + std::string(kData) + "models/mnist.onnx",
                                 "--video=x.y4m"},
                                output)
                  .message(),
              HasSubstr("detection needs YOLO heads"));
}

}  // namespace
}  // namespace sentio
