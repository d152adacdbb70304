// Yolo-Fastest 1.1 (body) on frames of the shared road and highway videos: our pipeline (y4m ->
// RGB -> resize -> Darknet model on the CPU engine, or on the OpenCL engine with fp32 or fp16
// weights -> YOLO decoding -> NMS) finds the boxes that OpenCV DNN finds
// (cnn/vision/testdata/yolo_fastest_golden.txt, from tools/make_yolo_golden.py).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/text_parsing.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/import/darknet_importer.h"
#include "cnn/transforms/half_weights.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "cnn/vision/yolo_decode.h"
#include "gpu/opencl_engine.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::Tensor;
using cnn::engine::Engine;
using cnn::engine::TensorMap;
using cnn::import::ImportDarknetFiles;

namespace {

using ::sentio::cnn::cpu::CpuEngine;
using ::sentio::cnn::vision::DetectObjects;
using ::sentio::cnn::vision::Detection;
using ::sentio::cnn::vision::DetectionBox;
using ::sentio::cnn::vision::ImageToInputTensor;
using ::sentio::cnn::vision::IntersectionOverUnion;
using ::sentio::cnn::vision::ReadY4mAsRgb;
using ::sentio::cnn::vision::RgbImage;
using ::sentio::gpu::OpenClEngine;

constexpr char kData[] = "external/shared_data/";
constexpr char kGolden[] = "cnn/vision/testdata/yolo_fastest_golden.txt";
// As in tools/make_yolo_golden.py.
constexpr float kThreshold = 0.1f;
constexpr float kNms = 0.4f;

struct GoldenFrame {
  std::string video;
  int number = 0;
  std::vector<Detection> detections;  // boxes in pixels
};

std::vector<GoldenFrame> ReadGolden() {
  absl::StatusOr<std::string> text = ReadWholeFile(kGolden);
  EXPECT_TRUE(text.ok()) << text.status();
  std::vector<GoldenFrame> frames;
  if (!text.ok()) return frames;
  for (absl::string_view line : SplitLines(*text)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields[0] == "frame") {
      EXPECT_EQ(fields.size(), 4u) << line;
      GoldenFrame frame;
      frame.video = fields[1];
      EXPECT_TRUE(absl::SimpleAtoi(fields[2], &frame.number)) << line;
      frames.push_back(frame);
      continue;
    }
    EXPECT_EQ(fields.size(), 6u) << line;
    EXPECT_FALSE(frames.empty()) << line;
    if (fields.size() != 6 || frames.empty()) continue;
    Detection detection;
    EXPECT_TRUE(absl::SimpleAtoi(fields[0], &detection.class_id)) << line;
    float* values[] = {&detection.score, &detection.box.left, &detection.box.top,
                       &detection.box.width, &detection.box.height};
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(absl::SimpleAtof(fields[i + 1], values[i])) << line;
    frames.back().detections.push_back(detection);
  }
  return frames;
}

// An engine and how close its detections must come to OpenCV DNN's: the CPU and OpenCL engines
// in fp32, and the OpenCL engine with the weights stored as halves.
struct EngineCase {
  const char* name;
  bool half_weights;
  float min_iou, max_score_error;
};

class YoloFastestTest : public ::testing::TestWithParam<EngineCase> {};

TEST_P(YoloFastestTest, DetectionsMatchOpenCvDnn) {
  const EngineCase& c = GetParam();
  const std::vector<GoldenFrame> golden = ReadGolden();
  ASSERT_EQ(golden.size(), 10u);
  const std::string models = std::string(kData) + "models/";
  absl::StatusOr<cnn::Model> model = ImportDarknetFiles(models + "yolo-fastest-1.1_body.cfg",
                                                        models + "yolo-fastest-1.1_body.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  if (c.half_weights) ASSERT_TRUE(cnn::transforms::StoreWeightsAsHalf(*model).ok());
  std::unique_ptr<Engine> engine;
  if (std::string(c.name) == "cpu") {
    engine = std::make_unique<CpuEngine>();
  } else {
    absl::StatusOr<std::unique_ptr<OpenClEngine>> opencl = OpenClEngine::Create();
    ASSERT_TRUE(opencl.ok()) << opencl.status();
    engine = std::move(*opencl);
  }
  ASSERT_TRUE(engine->Load(*model).ok());

  std::map<std::string, std::vector<RgbImage>> videos;
  for (const char* name : {"road", "highway"}) {
    absl::StatusOr<std::vector<RgbImage>> frames =
        ReadY4mAsRgb(absl::StrCat(kData, "video/", name, "_320x240.y4m"));
    ASSERT_TRUE(frames.ok()) << frames.status();
    videos[name] = *std::move(frames);
  }
  float worst_iou = 1.0f, worst_score_error = 0.0f;
  int matched = 0;
  for (const GoldenFrame& frame : golden) {
    SCOPED_TRACE(absl::StrCat(frame.video, " frame ", frame.number));
    ASSERT_LT(frame.number, static_cast<int>(videos[frame.video].size()));
    const RgbImage& image = videos[frame.video][frame.number];
    absl::StatusOr<Tensor> input = ImageToInputTensor(image, 320, 320, 1.0f / 255);
    ASSERT_TRUE(input.ok()) << input.status();
    absl::StatusOr<TensorMap> outputs = engine->Run({{"data", *std::move(input)}});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    absl::StatusOr<std::vector<Detection>> found = DetectObjects(*model, *outputs, kThreshold, kNms);
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_EQ(found->size(), frame.detections.size());
    for (const Detection& expected : frame.detections) {
      // The best overlapping box of ours, scaled to pixels.
      float best_iou = 0.0f;
      const Detection* best = nullptr;
      for (const Detection& ours : *found) {
        const DetectionBox pixels = {ours.box.left * image.width, ours.box.top * image.height,
                                     ours.box.width * image.width, ours.box.height * image.height};
        const float iou = IntersectionOverUnion(pixels, expected.box);
        if (ours.class_id == expected.class_id && iou > best_iou) best_iou = iou, best = &ours;
      }
      ASSERT_NE(best, nullptr);
      EXPECT_GE(best_iou, c.min_iou);
      EXPECT_NEAR(best->score, expected.score, c.max_score_error);
      worst_iou = std::min(worst_iou, best_iou);
      worst_score_error = std::max(worst_score_error, std::abs(best->score - expected.score));
      ++matched;
    }
  }
  EXPECT_EQ(matched, 10);
  std::cout << c.name << (c.half_weights ? " fp16 weights" : "") << ": matched=" << matched
            << " worst_iou=" << worst_iou << " worst_score_error=" << worst_score_error << "\n";
}

INSTANTIATE_TEST_SUITE_P(Engines, YoloFastestTest,
                         ::testing::Values(EngineCase{"cpu", false, 0.98f, 1e-3f},
                                           EngineCase{"opencl", false, 0.98f, 1e-3f},
                                           EngineCase{"opencl", true, 0.98f, 1e-2f}),
                         [](const ::testing::TestParamInfo<EngineCase>& info) {
                           return std::string(info.param.name) +
                                  (info.param.half_weights ? "_fp16" : "");
                         });

}  // namespace
}  // namespace sentio
