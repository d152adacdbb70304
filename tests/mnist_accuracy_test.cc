// The CNN core on real models and data: the MNIST test set (10,000 digits) classified by the ONNX
// model zoo's mnist-8 (pixels 0..255) and by Caffe's LeNet (pixels / 256), with the CPU engine,
// against the accuracies published for them; the CPU engine checked against the reference engine
// on real inputs.
#include <cmath>
#include <cstdio>
#include <string>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/model_loader.h"
#include "cnn/vision/classify_images.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/idx_reader.h"

namespace sentio {

using cnn::Shape;
using cnn::Tensor;
using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using cnn::import::LoadModel;

namespace {

using ::sentio::cnn::cpu::CpuEngine;
using ::sentio::cnn::vision::ClassifyImages;
using ::sentio::cnn::vision::ImageClasses;
using ::sentio::cnn::vision::PixelScaling;

constexpr char kData[] = "external/shared_data/";

struct Mnist {
  IdxArray images, labels;
};

const Mnist& TestSet() {
  static const Mnist* mnist = [] {
    auto* set = new Mnist;
    absl::StatusOr<IdxArray> images =
        ReadIdxFile(std::string(kData) + "mnist/t10k-images-idx3-ubyte.gz");
    absl::StatusOr<IdxArray> labels =
        ReadIdxFile(std::string(kData) + "mnist/t10k-labels-idx1-ubyte.gz");
    EXPECT_TRUE(images.ok()) << images.status();
    EXPECT_TRUE(labels.ok()) << labels.status();
    if (images.ok()) set->images = *std::move(images);
    if (labels.ok()) set->labels = *std::move(labels);
    return set;
  }();
  return *mnist;
}

std::string Scientific(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2e", value);
  return text;
}

double Accuracy(const cnn::Model& model, const PixelScaling& scaling) {
  const Mnist& mnist = TestSet();
  CpuEngine engine;
  absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<ImageClasses> result = ClassifyImages(engine, model, mnist.images, scaling);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok() || result->predictions.size() != mnist.labels.values.size()) return 0;
  const std::vector<int>& predictions = result->predictions;
  int correct = 0;
  for (size_t i = 0; i < predictions.size(); ++i) {
    correct += predictions[i] == static_cast<int>(mnist.labels.values[i]);
  }
  return static_cast<double>(correct) / predictions.size();
}

// The largest |cpu - reference| over the largest |reference| of the model's output, on the first
// `count` test images.
double CpuVersusReference(const cnn::Model& model, const PixelScaling& scaling, int count) {
  const Mnist& mnist = TestSet();
  CpuEngine cpu;
  ReferenceEngine reference;
  EXPECT_TRUE(cpu.Load(model).ok());
  EXPECT_TRUE(reference.Load(model).ok());
  Shape shape(model.input(0).dims().begin(), model.input(0).dims().end());
  shape[0] = count;
  std::vector<float> values(count * 28 * 28);
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<float>((mnist.images.values[i] - scaling.mean) * scaling.scale);
  }
  const TensorMap inputs = {{model.input(0).name(), Tensor::FromValues(shape, values).value()}};
  absl::StatusOr<TensorMap> cpu_out = cpu.Run(inputs);
  absl::StatusOr<TensorMap> reference_out = reference.Run(inputs);
  EXPECT_TRUE(cpu_out.ok()) << cpu_out.status();
  EXPECT_TRUE(reference_out.ok()) << reference_out.status();
  if (!cpu_out.ok() || !reference_out.ok()) return 1e9;
  const Tensor& a = cpu_out->at(model.output(0).name());
  const Tensor& b = reference_out->at(model.output(0).name());
  double error = 0, largest = 0;
  for (int64_t i = 0; i < b.size(); ++i) {
    error = std::max(error, std::fabs(static_cast<double>(a[i]) - b[i]));
    largest = std::max(largest, std::fabs(static_cast<double>(b[i])));
  }
  return error / largest;
}

TEST(MnistAccuracyTest, TestSetLoads) {
  const Mnist& mnist = TestSet();
  EXPECT_THAT(mnist.images.dims, ::testing::ElementsAre(10000, 28, 28));
  EXPECT_THAT(mnist.labels.dims, ::testing::ElementsAre(10000));
}

TEST(MnistAccuracyTest, OnnxModelZooMnist) {
  absl::StatusOr<cnn::Model> model = LoadModel(std::string(kData) + "models/mnist.onnx", "");
  ASSERT_TRUE(model.ok()) << model.status();
  const PixelScaling unscaled;
  const double error = CpuVersusReference(*model, unscaled, 1);
  RecordProperty("cpu_vs_reference_error", Scientific(error));
  EXPECT_LT(error, 1e-4);
  const double accuracy = Accuracy(*model, unscaled);
  RecordProperty("accuracy", std::to_string(accuracy));
  EXPECT_GE(accuracy, 0.989);
}

TEST(MnistAccuracyTest, CaffeLeNet) {
  absl::StatusOr<cnn::Model> model =
      LoadModel(std::string(kData) + "models/lenet.prototxt",
                std::string(kData) + "models/lenet_iter_10000.caffemodel");
  ASSERT_TRUE(model.ok()) << model.status();
  PixelScaling scaling;
  scaling.scale = 0.00390625;
  const double error = CpuVersusReference(*model, scaling, 4);
  RecordProperty("cpu_vs_reference_error", Scientific(error));
  EXPECT_LT(error, 1e-4);
  const double accuracy = Accuracy(*model, scaling);
  RecordProperty("accuracy", std::to_string(accuracy));
  EXPECT_GE(accuracy, 0.991);
}

}  // namespace
}  // namespace sentio
