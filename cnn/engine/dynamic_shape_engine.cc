#include "cnn/engine/dynamic_shape_engine.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace sentio::cnn::engine {

using import::InputShapes;

namespace {

InputShapes DeclaredShapes(const cnn::Model& model) {
  InputShapes shapes;
  for (const cnn::ValueInfo& input : model.input()) {
    shapes[input.name()] = Shape(input.dims().begin(), input.dims().end());
  }
  return shapes;
}

std::string ShapesString(const InputShapes& shapes) {
  std::vector<std::string> parts;
  for (const auto& [name, shape] : shapes) parts.push_back(absl::StrCat(name, " ", ShapeString(shape)));
  return absl::StrJoin(parts, ", ");
}

}  // namespace

DynamicShapeEngine::DynamicShapeEngine(ModelAtShapes model_at_shapes, EngineFactory make_engine,
                                       int max_plans)
    : model_at_shapes_(std::move(model_at_shapes)),
      make_engine_(std::move(make_engine)),
      max_plans_(max_plans < 1 ? 1 : max_plans) {}

absl::Status DynamicShapeEngine::Load(cnn::Model model) {
  plans_.clear();
  const InputShapes shapes = DeclaredShapes(model);
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine, make_engine_());
  RETURN_IF_ERROR(engine->Load(std::move(model)));
  plans_.emplace_front(shapes, std::move(engine));
  return absl::OkStatus();
}

absl::StatusOr<Engine*> DynamicShapeEngine::PlanFor(const InputShapes& shapes) {
  for (auto it = plans_.begin(); it != plans_.end(); ++it) {
    if (it->first == shapes) {
      plans_.splice(plans_.begin(), plans_, it);
      return plans_.front().second.get();
    }
  }
  absl::StatusOr<cnn::Model> model = model_at_shapes_(shapes);
  if (!model.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("at input shapes ", ShapesString(shapes), ": ",
                                                   model.status().message()));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine, make_engine_());
  RETURN_IF_ERROR(engine->Load(*std::move(model)));
  plans_.emplace_front(shapes, std::move(engine));
  while (static_cast<int>(plans_.size()) > max_plans_) plans_.pop_back();
  return plans_.front().second.get();
}

absl::StatusOr<TensorMap> DynamicShapeEngine::Run(const TensorMap& inputs) {
  if (plans_.empty()) return absl::FailedPreconditionError("no model is loaded");
  InputShapes shapes;
  for (const auto& [name, tensor] : inputs) shapes[name] = tensor.shape();
  ASSIGN_OR_RETURN(Engine * engine, PlanFor(shapes));
  return engine->Run(inputs);
}

int64_t DynamicShapeEngine::PeakMemoryBytes() const {
  int64_t total = 0;
  for (const auto& [shapes, engine] : plans_) {
    const int64_t bytes = engine->PeakMemoryBytes();
    if (bytes < 0) return -1;
    total += bytes;
  }
  return total;
}

}  // namespace sentio::cnn::engine
