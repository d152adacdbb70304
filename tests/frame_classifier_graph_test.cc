// An image classifier as a graph: the shared road video's frames -> FrameTensorStage (centre crop
// to 56x56, BGR, ImageNet's normalisation) -> CnnInferenceStage (a five-class CNN with seeded
// random weights, tools/make_image_tensor_goldens.py) -> TopClassStage -> ConsoleSink (top 3). The
// first frame's scores equal PyTorch's on OpenCV's tensor of that frame, every frame gets a
// decision line, and each line names three classes. The model can also be loaded once and shared by
// several classifier nodes (CnnModelLoader's side packet).
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_config_reader.h"
#include "sensing/graph_runner.h"
#include "sensing/graph_validation.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

constexpr char kGraph[] = R"pb(
  node {
    name: "source"
    stage: "Y4mFileSource"
    output_stream: "frames"
    option { name: "path" string_value: "external/shared_data/video/road_320x240.y4m" }
  }
  node {
    name: "tensors"
    stage: "FrameTensorStage"
    input_stream: "frames"
    output_stream: "images"
    option { name: "width" int_value: 56 }
    option { name: "height" int_value: 56 }
    option { name: "fit" string_value: "crop" }
    option { name: "channels" string_value: "bgr" }
    option { name: "mean" string_value: "0.406,0.456,0.485" }
    option { name: "std" string_value: "0.225,0.224,0.229" }
  }
  node {
    name: "classifier"
    stage: "CnnInferenceStage"
    input_stream: "images"
    output_stream: "scores"
    option { name: "model" string_value: "tests/testdata/image_tensors/tiny_classifier.onnx" }
  }
  node {
    name: "top"
    stage: "TopClassStage"
    input_stream: "scores"
    output_stream: "predictions"
    option { name: "labels" string_value: "a,b,c,d,e" }
  }
  node {
    name: "console"
    stage: "ConsoleSink"
    input_stream: "predictions"
    option { name: "top_k" int_value: 3 }
  }
)pb";

TEST(FrameClassifierGraphTest, ClassifiesEveryFrameAsPyTorchDoes) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(kGraph, "classify.pbtxt");
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(*config, StageRegistry::Global());
  ASSERT_TRUE(graph.ok()) << graph.status();
  std::mutex mutex;
  std::vector<float> first_scores;
  std::ostringstream printed;
  GraphRunOptions options;
  options.num_threads = 2;
  options.out = &printed;
  options.observer = [&](const std::string& stream, const Packet& packet) {
    if (stream != "scores" || packet.timestamp_us() != 0) return;
    std::lock_guard<std::mutex> lock(mutex);
    first_scores = packet.Get<TensorPayload>()->data;
  };
  GraphRunner runner(*std::move(graph), options);
  absl::StatusOr<GraphRunStats> stats = runner.Run();
  ASSERT_TRUE(stats.ok()) << stats.status();

  absl::StatusOr<cnn::Tensor> expected =
      cnn::ReadNpyFile("tests/testdata/image_tensors/tiny_classifier_scores.npy");
  ASSERT_TRUE(expected.ok()) << expected.status();
  ASSERT_EQ(static_cast<int64_t>(first_scores.size()), expected->size());
  for (int64_t i = 0; i < expected->size(); ++i) {
    EXPECT_NEAR(first_scores[i], expected->data()[i], 1e-5 + 1e-4 * std::abs(expected->data()[i]))
        << "class " << i;
  }

  int64_t frames = 0;
  for (const StreamStats& stream : stats->streams) {
    if (stream.name == "frames") frames = stream.produced;
  }
  const std::vector<std::string> lines =
      absl::StrSplit(printed.str(), '\n', absl::SkipEmpty());
  EXPECT_GT(frames, 100);
  EXPECT_EQ(static_cast<int64_t>(lines.size()), frames);
  // "     0.000 s  a  (p=0.23)  b  (p=0.21)  c  (p=0.20)": class a has the highest score.
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines[0], ::testing::MatchesRegex(
                            " +0\\.000 s  a  \\(p=0\\.[0-9]+\\)  b  \\(p=0\\.[0-9]+\\)  c  "
                            "\\(p=0\\.[0-9]+\\)"));
  for (const std::string& line : lines) {
    EXPECT_EQ(std::vector<std::string>(absl::StrSplit(line, "(p=")).size(), 4u) << line;
  }
}

// The same model loaded once by CnnModelLoader and shared, as the side packet MODEL, by two
// classifier nodes with their own engines (one and two threads); options given as node_options.
constexpr char kSharedModelGraph[] = R"pb(
  node {
    name: "source"
    stage: "Y4mFileSource"
    output_stream: "frames"
    node_options {
      [type.googleapis.com/sentio.Y4mFileSourceOptions] {
        path: "external/shared_data/video/road_320x240.y4m"
      }
    }
  }
  node {
    name: "tensors"
    stage: "FrameTensorStage"
    input_stream: "frames"
    output_stream: "images"
    node_options {
      [type.googleapis.com/sentio.FrameTensorStageOptions] {
        width: 56
        height: 56
        fit: "crop"
        channels: "bgr"
        mean: "0.406,0.456,0.485"
        std: "0.225,0.224,0.229"
      }
    }
  }
  node {
    name: "one_thread"
    stage: "CnnInferenceStage"
    input_stream: "images"
    output_stream: "scores_1"
    input_side_packet: "model"
  }
  node {
    name: "two_threads"
    stage: "CnnInferenceStage"
    input_stream: "images"
    output_stream: "scores_2"
    input_side_packet: "model"
    node_options { [type.googleapis.com/sentio.CnnInferenceStageOptions] { threads: 2 } }
  }
  node {
    name: "loader"
    stage: "CnnModelLoader"
    output_side_packet: "model"
    node_options {
      [type.googleapis.com/sentio.CnnModelLoaderOptions] {
        model: "tests/testdata/image_tensors/tiny_classifier.onnx"
      }
    }
  }
)pb";

absl::StatusOr<GraphRunStats> RunGraph(const std::string& text, const PacketObserver& observer) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(text, "classify.pbtxt");
  if (!config.ok()) return config.status();
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(*config, StageRegistry::Global());
  if (!graph.ok()) return graph.status();
  GraphRunOptions options;
  options.num_threads = 2;
  options.observer = observer;
  GraphRunner runner(*std::move(graph), options);
  return runner.Run();
}

TEST(FrameClassifierGraphTest, ClassifiersShareAModelLoadedOnce) {
  std::mutex mutex;
  std::map<std::string, std::vector<float>> first_scores;
  absl::StatusOr<GraphRunStats> stats =
      RunGraph(kSharedModelGraph, [&](const std::string& stream, const Packet& packet) {
        if (stream.rfind("scores_", 0) != 0 || packet.timestamp_us() != 0) return;
        std::lock_guard<std::mutex> lock(mutex);
        first_scores[stream] = packet.Get<TensorPayload>()->data;
      });
  ASSERT_TRUE(stats.ok()) << stats.status();
  absl::StatusOr<cnn::Tensor> expected =
      cnn::ReadNpyFile("tests/testdata/image_tensors/tiny_classifier_scores.npy");
  ASSERT_TRUE(expected.ok()) << expected.status();
  for (const std::string stream : {"scores_1", "scores_2"}) {
    ASSERT_EQ(static_cast<int64_t>(first_scores[stream].size()), expected->size()) << stream;
    for (int64_t i = 0; i < expected->size(); ++i) {
      EXPECT_NEAR(first_scores[stream][i], expected->data()[i],
                  1e-5 + 1e-4 * std::abs(expected->data()[i]))
          << stream << " class " << i;
    }
  }
}

TEST(FrameClassifierGraphTest, AModelComesFromTheSidePacketOrTheOptionNotBoth) {
  std::string both = kSharedModelGraph;
  const std::string shared = R"(input_side_packet: "model"
    node_options { [type.googleapis.com/sentio.CnnInferenceStageOptions] { threads: 2 } })";
  ASSERT_NE(both.find(shared), std::string::npos);
  both.replace(both.find(shared), shared.size(),
               R"(input_side_packet: "model"
    option { name: "model" string_value: "tests/testdata/image_tensors/tiny_classifier.onnx" })");
  EXPECT_THAT(RunGraph(both, nullptr).status().message(),
              ::testing::HasSubstr("node 'two_threads' (CnnInferenceStage) opening: the model "
                                   "comes from the input side packet MODEL; leave the options "
                                   "model and weights unset"));
  std::string neither = kSharedModelGraph;
  neither.replace(neither.find(shared), shared.size(), "");
  EXPECT_THAT(RunGraph(neither, nullptr).status().message(),
              ::testing::HasSubstr("node 'two_threads' (CnnInferenceStage) opening: set the "
                                   "option model (a model file) or bind the input side packet "
                                   "MODEL"));
}

}  // namespace
}  // namespace sentio
