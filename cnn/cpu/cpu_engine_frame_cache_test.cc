// Convolutional caching in the CPU engine: on frames whose unchanged blocks are pixel-identical
// to the previous frame's, the cached run gives the uncached run's outputs bit for bit, having
// recomputed only part of the cached layers.
#include <random>
#include <vector>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

using engine::FrameCacheOptions;
using engine::FrameCacheStats;
using engine::TensorMap;
using ::testing::HasSubstr;

constexpr int64_t kSize = 64;

// A small detector body: conv 3x3 stride 2 + LeakyRelu (im2col GEMM), depthwise 3x3, 1x1,
// residual Add, max pool 2x2, concat with a 5x5 convolution, 3x3 dilated, then a global pool and
// Gemm the cache does not cover.
cnn::Model DetectorModel() {
  std::mt19937 random(5);
  auto weights = [&](cnn::Model& model, const std::string& name, const Shape& shape) {
    AddWeights(model, name, shape, RandomValues(NumElements(shape).value(), random));
  };
  cnn::Model model;
  AddInput(model, "x", {1, 3, kSize, kSize});
  weights(model, "w0", {8, 3, 3, 3});
  weights(model, "b0", {8});
  cnn::Node& c0 = AddNode(model, "Conv", {"x", "w0", "b0"}, "c0");
  SetIntsAttribute(c0, "strides", {2, 2});
  SetIntsAttribute(c0, "pads", {1, 1, 1, 1});
  SetFloatAttribute(AddNode(model, "LeakyRelu", {"c0"}, "l0"), "alpha", 0.1f);
  weights(model, "dw", {8, 1, 3, 3});
  cnn::Node& d1 = AddNode(model, "Conv", {"l0", "dw"}, "d1");
  SetIntsAttribute(d1, "pads", {1, 1, 1, 1});
  SetIntAttribute(d1, "group", 8);
  weights(model, "pw", {8, 8, 1, 1});
  AddNode(model, "Conv", {"d1", "pw"}, "p1");
  AddNode(model, "Add", {"p1", "l0"}, "a1");
  AddNode(model, "Relu", {"a1"}, "r1");
  cnn::Node& pool = AddNode(model, "MaxPool", {"r1"}, "m1");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "strides", {2, 2});
  weights(model, "w5", {4, 8, 5, 5});
  cnn::Node& c5 = AddNode(model, "Conv", {"m1", "w5"}, "c5");
  SetIntsAttribute(c5, "pads", {2, 2, 2, 2});
  cnn::Node& cat = AddNode(model, "Concat", {"m1", "c5"}, "cat");
  SetIntAttribute(cat, "axis", 1);
  weights(model, "wd", {6, 12, 3, 3});
  cnn::Node& dil = AddNode(model, "Conv", {"cat", "wd"}, "dil");
  SetIntsAttribute(dil, "pads", {2, 2, 2, 2});
  SetIntsAttribute(dil, "dilations", {2, 2});
  AddNode(model, "GlobalAveragePool", {"dil"}, "g");
  AddNode(model, "Flatten", {"g"}, "f");
  weights(model, "fc", {6, 5});
  AddNode(model, "Gemm", {"f", "fc"}, "y");
  AddOutput(model, "y");
  AddOutput(model, "dil");
  EXPECT_TRUE(InferModelShapes(model).ok());
  return model;
}

TensorMap Frame(const std::vector<float>& pixels) {
  return {{"x", *Tensor::FromValues({1, 3, kSize, kSize}, pixels)}};
}

std::vector<float> FirstFrame() {
  std::mt19937 random(11);
  std::uniform_real_distribution<float> uniform(0, 1);
  std::vector<float> pixels(3 * kSize * kSize);
  for (float& p : pixels) p = uniform(random);
  return pixels;
}

// `pixels` with a square of new values at (top, left) in every channel.
std::vector<float> WithSquare(std::vector<float> pixels, int64_t top, int64_t left, int64_t size,
                              float value) {
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t y = top; y < top + size; ++y) {
      for (int64_t x = left; x < left + size; ++x) pixels[(c * kSize + y) * kSize + x] = value;
    }
  }
  return pixels;
}

TEST(CpuEngineFrameCacheTest, CachedFramesEqualUncachedBitForBit) {
  const std::vector<float> first = FirstFrame();
  const std::vector<std::vector<float>> frames = {
      first,
      WithSquare(first, 20, 24, 8, 0.9f),   // one block changes
      WithSquare(first, 20, 24, 8, 0.9f),   // nothing changes
      WithSquare(first, 0, 48, 16, 0.1f),   // the top edge, the first square gone again
      WithSquare(first, 56, 0, 8, 0.5f),    // the bottom edge
  };
  for (int threads : {1, 2}) {
    CpuEngine cached(threads), uncached(threads);
    ASSERT_TRUE(cached.Load(DetectorModel()).ok());
    ASSERT_TRUE(uncached.Load(DetectorModel()).ok());
    FrameCacheOptions options;
    options.threshold = 0;
    options.layers = 10;  // all the convolutions the cache can follow
    const absl::Status enabled = cached.EnableFrameCache(options);
    ASSERT_TRUE(enabled.ok()) << enabled;
    for (size_t f = 0; f < frames.size(); ++f) {
      absl::StatusOr<TensorMap> got = cached.Run(Frame(frames[f]));
      absl::StatusOr<TensorMap> want = uncached.Run(Frame(frames[f]));
      ASSERT_TRUE(got.ok()) << got.status();
      ASSERT_TRUE(want.ok()) << want.status();
      for (const char* output : {"y", "dil"}) {
        EXPECT_EQ(got->at(output).values(), want->at(output).values())
            << output << ", frame " << f << ", " << threads << " threads";
      }
      const FrameCacheStats stats = cached.LastFrameCacheStats();
      EXPECT_EQ(stats.cached_convolutions, 5);  // c0, d1, p1, c5, dil
      EXPECT_EQ(stats.whole_frame, f == 0) << f;
      if (f == 2) {
        EXPECT_EQ(stats.changed_blocks, 0);
        EXPECT_EQ(stats.reused_values, 1);
      } else if (f > 0) {
        EXPECT_GT(stats.changed_blocks, 0) << f;
        EXPECT_GT(stats.reused_values, 0.2) << f;
        EXPECT_LT(stats.reused_values, 1) << f;
      }
    }
  }
}

TEST(CpuEngineFrameCacheTest, SceneCutsAndRefreshesRecomputeTheWholeFrame) {
  CpuEngine engine;
  ASSERT_TRUE(engine.Load(DetectorModel()).ok());
  FrameCacheOptions options;
  options.refresh = 3;
  options.scene_cut = 0.5;
  ASSERT_TRUE(engine.EnableFrameCache(options).ok());
  const std::vector<float> first = FirstFrame();
  std::vector<bool> whole;
  for (const std::vector<float>& frame :
       {first, first, first, first, first, WithSquare(first, 0, 0, 48, 0.3f), first}) {
    ASSERT_TRUE(engine.Run(Frame(frame)).ok());
    whole.push_back(engine.LastFrameCacheStats().whole_frame);
  }
  // Frame 0, the refresh of frame 3, the scene cut of frame 5 (9 of 16 blocks), and frame 6 whose
  // blocks all changed back.
  EXPECT_EQ(whole, (std::vector<bool>{true, false, false, true, false, true, true}));
}

TEST(CpuEngineFrameCacheTest, AutomaticLayersStopAtAnEighthOfTheHeight) {
  CpuEngine engine;
  ASSERT_TRUE(engine.Load(DetectorModel()).ok());
  ASSERT_TRUE(engine.EnableFrameCache({}).ok());
  ASSERT_TRUE(engine.Run(Frame(FirstFrame())).ok());
  // 64 rows: c0, d1 and p1 at 32, c5 at 16; dil (16 rows) too; all of them.
  EXPECT_EQ(engine.LastFrameCacheStats().cached_convolutions, 5);
  CpuEngine two;
  ASSERT_TRUE(two.Load(DetectorModel()).ok());
  FrameCacheOptions options;
  options.layers = 2;
  ASSERT_TRUE(two.EnableFrameCache(options).ok());
  ASSERT_TRUE(two.Run(Frame(FirstFrame())).ok());
  EXPECT_EQ(two.LastFrameCacheStats().cached_convolutions, 2);
}

TEST(CpuEngineFrameCacheTest, BadFramesAndOptionsAreErrors) {
  CpuEngine engine;
  ASSERT_TRUE(engine.Load(DetectorModel()).ok());
  FrameCacheOptions options;
  options.threshold = 2;
  EXPECT_THAT(engine.EnableFrameCache(options).message(), HasSubstr("2 is not in [0, 1]"));
  options = {};
  options.refresh = -1;
  EXPECT_FALSE(engine.EnableFrameCache(options).ok());
  ASSERT_TRUE(engine.EnableFrameCache({}).ok());
  ASSERT_TRUE(engine.Run(Frame(FirstFrame())).ok());
  // Another frame size, refused (by the engine, which runs the declared size only; the block
  // detector refuses it too: cnn/caching/block_changes_test.cc); a batch of two frames.
  absl::StatusOr<TensorMap> result = engine.Run({{"x", *Tensor::Zeros({1, 3, 32, 32})}});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("graph input 'x' has shape [1,3,32,32]"));
  result = engine.Run({{"x", *Tensor::Zeros({2, 3, kSize, kSize})}});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("the input must be one frame, [1, C, H, W]"));

  // A model that starts with something the cache cannot follow.
  cnn::Model model;
  AddInput(model, "x", {1, 3, 8, 8});
  AddNode(model, "Softmax", {"x"}, "y");
  AddOutput(model, "y");
  CpuEngine softmax;
  ASSERT_TRUE(softmax.Load(model).ok());
  EXPECT_THAT(softmax.EnableFrameCache({}).message(),
              HasSubstr("no convolution to cache (the cache stops at Softmax node 'y')"));
}

}  // namespace
}  // namespace sentio::cnn::cpu
