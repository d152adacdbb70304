// An engine for models with symbolic input dimensions (exported with dynamic height, width or
// batch): it runs each call at the shapes of the inputs it is given. For every new combination of
// input shapes it imports the model again at those shapes (which folds the shape subgraphs to
// constants), loads it into a fresh engine of the wrapped kind and keeps that engine, so a plan is
// made once per input shape; the least recently used plan is dropped beyond `max_plans`.
#ifndef CNN_ENGINE_DYNAMIC_SHAPE_ENGINE_H_
#define CNN_ENGINE_DYNAMIC_SHAPE_ENGINE_H_

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::engine {

class DynamicShapeEngine : public Engine {
 public:
  // The model imported with its graph inputs at the given shapes (cnn/import/model_loader.h's
  // LoadModel).
  using ModelAtShapes = std::function<absl::StatusOr<cnn::Model>(const import::InputShapes&)>;
  using EngineFactory = std::function<absl::StatusOr<std::unique_ptr<Engine>>()>;

  DynamicShapeEngine(ModelAtShapes model_at_shapes, EngineFactory make_engine, int max_plans = 4);

  // Loads `model`, the import at some shapes, as the first plan.
  absl::Status Load(cnn::Model model) override;

  // Runs at the inputs' shapes; errors of an import at new shapes name the input shapes.
  absl::StatusOr<TensorMap> Run(const TensorMap& inputs) override;

  // The plans' engines' memory added up (-1 when an engine does not track it).
  int64_t PeakMemoryBytes() const override;

  // How many plans are held.
  int plan_count() const { return static_cast<int>(plans_.size()); }

 private:
  absl::StatusOr<Engine*> PlanFor(const import::InputShapes& shapes);

  ModelAtShapes model_at_shapes_;
  EngineFactory make_engine_;
  int max_plans_;
  // Most recently used first.
  std::list<std::pair<import::InputShapes, std::unique_ptr<Engine>>> plans_;
};

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_DYNAMIC_SHAPE_ENGINE_H_
