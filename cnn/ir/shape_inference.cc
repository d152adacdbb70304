#include "cnn/ir/shape_inference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/half.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"

namespace sentio::cnn {

absl::StatusOr<std::vector<Shape>> InferNodeOutputShapes(const cnn::Node& node,
                                                         const std::vector<Shape>& inputs) {
  return cnn::ops::InferOpShapes(node, inputs);
}

absl::Status InferModelShapes(cnn::Model& model) {
  std::map<std::string, Shape> shapes;
  for (const cnn::ValueInfo& input : model.input()) {
    const Shape shape(input.dims().begin(), input.dims().end());
    RETURN_IF_ERROR(NumElements(shape).status());
    if (!shapes.emplace(input.name(), shape).second) {
      return absl::InvalidArgumentError(absl::StrCat("value '", input.name(), "' is defined twice"));
    }
  }
  for (const cnn::TensorData& weights : model.initializer()) {
    const Shape shape(weights.dims().begin(), weights.dims().end());
    absl::StatusOr<int64_t> count = NumElements(shape);
    if (count.ok() && *count == 0) {
      return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(),
                                                     "' has the empty shape ", ShapeString(shape)));
    }
    // Float `values`, or IEEE halves in `half_values` (kept as float16 until an engine asks for
    // float), never both.
    const bool half = !weights.half_values().empty();
    if (half && weights.values_size() > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "initializer '", weights.name(), "' has both float and half-precision values"));
    }
    if (half && weights.half_values().size() % 2 != 0) {
      return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "': ",
                                                     weights.half_values().size(),
                                                     " bytes of half values: not a whole number "
                                                     "of halves"));
    }
    const int64_t stored =
        half ? static_cast<int64_t>(weights.half_values().size() / 2) : weights.values_size();
    if (!count.ok() || *count != stored) {
      return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "' of shape ",
                                                     ShapeString(shape), " has ", stored,
                                                     half ? " half values" : " values"));
    }
    // NaN or infinite weights (a corrupt file, a bad training run) would only show up as NaN
    // outputs far away.
    for (int i = 0; i < weights.values_size(); ++i) {
      if (!std::isfinite(weights.values(i))) {
        return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "' holds ",
                                                       weights.values(i), " at index ", i));
      }
    }
    const std::string& bytes = weights.half_values();
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
      const uint16_t bits = static_cast<uint16_t>(static_cast<unsigned char>(bytes[i]) |
                                                  static_cast<unsigned char>(bytes[i + 1]) << 8);
      if (!IsFiniteHalf(bits)) {
        return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "' holds ",
                                                       HalfToFloat(bits), " at index ", i / 2));
      }
    }
    if (!shapes.emplace(weights.name(), shape).second) {
      return absl::InvalidArgumentError(absl::StrCat("value '", weights.name(), "' is defined twice"));
    }
  }
  model.clear_value_info();
  for (const cnn::Node& node : model.node()) {
    std::vector<Shape> inputs;
    for (const std::string& name : node.input()) {
      auto it = shapes.find(name);
      if (it == shapes.end()) {
        return NodeError(node, absl::StrCat("reads '", name, "', which no earlier node defines"));
      }
      inputs.push_back(it->second);
    }
    ASSIGN_OR_RETURN(std::vector<Shape> outputs, InferNodeOutputShapes(node, inputs));
    for (int i = 0; i < node.output_size(); ++i) {
      if (!shapes.emplace(node.output(i), outputs[i]).second) {
        return NodeError(node, absl::StrCat("defines '", node.output(i), "' a second time"));
      }
      cnn::ValueInfo& info = *model.add_value_info();
      info.set_name(node.output(i));
      for (int64_t dim : outputs[i]) info.add_dims(dim);
    }
  }
  if (model.output_size() == 0) return absl::InvalidArgumentError("the graph has no outputs");
  for (cnn::ValueInfo& output : *model.mutable_output()) {
    auto it = shapes.find(output.name());
    if (it == shapes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("graph output '", output.name(),
                                                     "' is not defined"));
    }
    output.clear_dims();
    for (int64_t dim : it->second) output.add_dims(dim);
  }
  return absl::OkStatus();
}

}  // namespace sentio::cnn
