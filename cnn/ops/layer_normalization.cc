// LayerNormalization(X, Scale[, B]): normalises X over its axes axis .. rank-1 (axis default -1,
// negative counts from the end): Y = (X - Mean) * InvStdDev * Scale + B with Mean the mean and
// InvStdDev = 1 / sqrt(variance + epsilon) (epsilon default 1e-5, biased variance) of those
// values. Scale and B broadcast to X one way (NumPy rules, X's shape unchanged), in practice
// shaped like X's normalised trailing axes. The optional outputs Mean and InvStdDev have X's shape
// with the normalised axes set to 1. stash_type names the precision ONNX computes the statistics
// in (a float type); the IR computes them in double whatever it says.
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

struct LayerNormParams {
  int axis = 0;
  float epsilon = 1e-5f;
};

// ONNX TensorProto data types that stash_type may name: FLOAT, FLOAT16, DOUBLE, BFLOAT16.
bool IsFloatType(int64_t type) { return type == 1 || type == 10 || type == 11 || type == 16; }

absl::StatusOr<LayerNormParams> ParseLayerNorm(const Node& node, const Shape& x) {
  LayerNormParams params;
  ASSIGN_OR_RETURN(params.axis, AxisAttribute(node, "axis", -1, static_cast<int>(x.size())));
  ASSIGN_OR_RETURN(params.epsilon, FloatAttribute(node, "epsilon", 1e-5f));
  if (!(params.epsilon >= 0)) return NodeError(node, "attribute 'epsilon' must not be negative");
  ASSIGN_OR_RETURN(int64_t stash_type, IntAttribute(node, "stash_type", 1));
  if (!IsFloatType(stash_type)) {
    return NodeError(node, absl::StrCat("attribute 'stash_type' ", stash_type,
                                        " is not a floating-point type (1, 10, 11 or 16)"));
  }
  return params;
}

// Whether `shape` broadcasts to `target` leaving `target` as it is.
bool BroadcastsTo(const Shape& shape, const Shape& target) {
  if (shape.size() > target.size()) return false;
  for (size_t i = 1; i <= shape.size(); ++i) {
    const int64_t dim = shape[shape.size() - i];
    if (dim != 1 && dim != target[target.size() - i]) return false;
  }
  return true;
}

OpDefinition MakeLayerNormalization() {
  OpDefinition op;
  op.op_type = "LayerNormalization";
  op.min_inputs = 2;
  op.max_inputs = 3;
  op.max_outputs = 3;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 3));
    const Shape& x = inputs[0];
    ASSIGN_OR_RETURN(LayerNormParams params, ParseLayerNorm(node, x));
    for (size_t i = 1; i < inputs.size(); ++i) {
      if (!BroadcastsTo(inputs[i], x)) {
        return NodeError(node, absl::StrCat(i == 1 ? "Scale" : "B", " of shape ",
                                            ShapeString(inputs[i]), " does not broadcast to X ",
                                            ShapeString(x)));
      }
    }
    Shape statistics = x;
    for (size_t axis = params.axis; axis < x.size(); ++axis) statistics[axis] = 1;
    std::vector<Shape> outputs = {x, statistics, statistics};
    outputs.resize(node.output_size());
    return outputs;
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(LayerNormParams params, ParseLayerNorm(node, x.shape()));
    Shape statistics_shape = x.shape();
    int64_t length = 1;
    for (int axis = params.axis; axis < x.rank(); ++axis) {
      length *= x.dim(axis);
      statistics_shape[axis] = 1;
    }
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    ASSIGN_OR_RETURN(Tensor mean_out, Tensor::Zeros(statistics_shape));
    ASSIGN_OR_RETURN(Tensor inv_std_out, Tensor::Zeros(statistics_shape));
    const std::vector<int64_t> scale_index = BroadcastIndices(inputs[1]->shape(), x.shape());
    const std::vector<int64_t> bias_index =
        inputs.size() > 2 ? BroadcastIndices(inputs[2]->shape(), x.shape())
                          : std::vector<int64_t>();
    for (int64_t row = 0; row < mean_out.size(); ++row) {
      const int64_t begin = row * length;
      double sum = 0;
      for (int64_t i = begin; i < begin + length; ++i) sum += x[i];
      const double mean = sum / length;
      double squares = 0;
      for (int64_t i = begin; i < begin + length; ++i) squares += (x[i] - mean) * (x[i] - mean);
      const double inv_std = 1 / std::sqrt(squares / length + params.epsilon);
      for (int64_t i = begin; i < begin + length; ++i) {
        const double bias = bias_index.empty() ? 0.0 : (*inputs[2])[bias_index[i]];
        y[i] = static_cast<float>((x[i] - mean) * inv_std * (*inputs[1])[scale_index[i]] + bias);
      }
      mean_out[row] = static_cast<float>(mean);
      inv_std_out[row] = static_cast<float>(inv_std);
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    outputs.push_back(std::move(mean_out));
    outputs.push_back(std::move(inv_std_out));
    outputs.resize(node.output_size());
    return outputs;
  };
  return op;
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLayerNormalization, "axis", "epsilon", "stash_type");

}  // namespace sentio::cnn::ops
