#include "cnn/engine/model_runner.h"

#include "cnn/ir/half.h"
#include "cnn/ir/model_builder_for_test.h"
#include "gtest/gtest.h"

namespace sentio::cnn::engine {
namespace {

// A model with a float32 and a float16 initializer: TakeModel gives it back as loaded, weights in
// their initializers in their own precision, and leaves the runner empty.
TEST(ModelRunnerTest, TakeModelPutsTheWeightsBack) {
  cnn::Model model;
  AddInput(model, "x", {1, 3});
  AddWeights(model, "w", {1, 3}, {0.5f, -2.0f, 3.25f});
  AddWeights(model, "h", {1, 3}, {0, 0, 0});
  const float halves[] = {1.5f, -0.25f, 8.0f};
  cnn::TensorData& h = *model.mutable_initializer(1);
  h.clear_values();
  h.set_half_values(EncodeHalfValues(halves, 3));
  AddNode(model, "Add", {"x", "w"}, "s");
  AddNode(model, "Mul", {"s", "h"}, "y");
  AddOutput(model, "y");
  const cnn::Model original = model;

  ModelRunner runner;
  ASSERT_TRUE(runner.Load(model).ok());
  EXPECT_TRUE(runner.model().initializer(0).values().empty());  // held as tensors
  const cnn::Model taken = runner.TakeModel();
  ASSERT_EQ(taken.initializer_size(), 2);
  EXPECT_EQ(taken.initializer(0).values().size(), 3);
  EXPECT_EQ(taken.initializer(0).values(2), 3.25f);
  EXPECT_EQ(taken.initializer(1).half_values(), original.initializer(1).half_values());
  EXPECT_TRUE(taken.initializer(1).values().empty());
  EXPECT_EQ(taken.node_size(), 2);
  EXPECT_EQ(runner.FindWeights("w"), nullptr);
  EXPECT_EQ(runner.model().node_size(), 0);

  ModelRunner again;  // the model taken loads again
  EXPECT_TRUE(again.Load(taken).ok());
}

}  // namespace
}  // namespace sentio::cnn::engine
