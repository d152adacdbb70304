// Normalisations over one axis or the channels: Softmax (along `axis`, default -1: the IR's form,
// which is ONNX's from opset 13; the importer rewrites the older flattening form), inference-mode
// BatchNormalization (X, scale, B, mean, var; epsilon; per channel, axis 1, any rank >= 2) and
// LRN (cnn/ops/lrn.h).
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/lrn.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn {

absl::StatusOr<LrnParams> ParseLrnParams(const cnn::Node& node) {
  LrnParams p;
  ASSIGN_OR_RETURN(p.size, IntAttribute(node, "size", 0));
  ASSIGN_OR_RETURN(p.alpha, FloatAttribute(node, "alpha", p.alpha));
  ASSIGN_OR_RETURN(p.beta, FloatAttribute(node, "beta", p.beta));
  ASSIGN_OR_RETURN(p.bias, FloatAttribute(node, "bias", p.bias));
  if (p.size < 1) return NodeError(node, "attribute 'size' must be at least 1");
  if (!(p.bias > 0) || !(p.alpha >= 0) || !std::isfinite(p.beta)) {
    return NodeError(node, absl::StrCat("bias ", p.bias, " must be positive, alpha ", p.alpha,
                                        " not negative and beta ", p.beta, " finite"));
  }
  return p;
}

namespace ops {
namespace {

OpDefinition MakeSoftmax() {
  OpDefinition op;
  op.op_type = "Softmax";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(AxisAttribute(node, "axis", -1, static_cast<int>(inputs[0].size())).status());
    return std::vector<Shape>{inputs[0]};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(int axis, AxisAttribute(node, "axis", -1, x.rank()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= x.dim(i);
    for (int i = axis + 1; i < x.rank(); ++i) inner *= x.dim(i);
    const int64_t length = x.dim(axis);
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t base = o * length * inner + i;
        double largest = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < length; ++j) largest = std::max<double>(largest, x[base + j * inner]);
        double total = 0;
        for (int64_t j = 0; j < length; ++j) total += std::exp(x[base + j * inner] - largest);
        for (int64_t j = 0; j < length; ++j) {
          y[base + j * inner] = static_cast<float>(std::exp(x[base + j * inner] - largest) / total);
        }
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

OpDefinition MakeBatchNormalization() {
  OpDefinition op;
  op.op_type = "BatchNormalization";
  op.min_inputs = op.max_inputs = 5;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    if (inputs[0].size() < 2) return NodeError(node, "the input needs a channel axis");
    RETURN_IF_ERROR(FloatAttribute(node, "epsilon", 1e-5f).status());
    ASSIGN_OR_RETURN(int64_t training_mode, IntAttribute(node, "training_mode", 0));
    if (training_mode != 0) return NodeError(node, "training_mode 1 is not supported");
    ASSIGN_OR_RETURN(int64_t spatial, IntAttribute(node, "spatial", 1));  // opsets 7-8
    if (spatial != 1) return NodeError(node, "spatial 0 is not supported");
    for (size_t i = 1; i < 5; ++i) {
      if (inputs[i] != Shape{inputs[0][1]}) {
        return NodeError(node, absl::StrCat("parameter ", i, " has shape ", ShapeString(inputs[i]),
                                            ", expected [", inputs[0][1], "]"));
      }
    }
    return std::vector<Shape>{inputs[0]};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    ASSIGN_OR_RETURN(float epsilon, FloatAttribute(node, "epsilon", 1e-5f));
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    const int64_t channels = x.dim(1);
    const int64_t inner = x.size() == 0 ? 1 : x.size() / (x.dim(0) * channels);
    for (int64_t i = 0; i < x.size(); ++i) {
      const int64_t c = (i / inner) % channels;
      const double normalized =
          (x[i] - (*inputs[3])[c]) / std::sqrt(static_cast<double>((*inputs[4])[c]) + epsilon);
      y[i] = static_cast<float>(normalized * (*inputs[1])[c] + (*inputs[2])[c]);
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

OpDefinition MakeLrn() {
  OpDefinition op;
  op.op_type = "LRN";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    if (inputs[0].size() < 2) return NodeError(node, "the input needs a channel axis");
    RETURN_IF_ERROR(ParseLrnParams(node).status());
    return std::vector<Shape>{inputs[0]};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    ASSIGN_OR_RETURN(LrnParams p, ParseLrnParams(node));
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    const int64_t batch = x.dim(0), channels = x.dim(1);
    const int64_t inner = x.size() == 0 ? 1 : x.size() / (batch * channels);
    const int64_t before = (p.size - 1) / 2, after = p.size - 1 - before;
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < channels; ++c) {
        const int64_t first = std::max<int64_t>(0, c - before);
        const int64_t last = std::min(channels - 1, c + after);
        for (int64_t i = 0; i < inner; ++i) {
          double square_sum = 0;
          for (int64_t j = first; j <= last; ++j) {
            const double value = x[(n * channels + j) * inner + i];
            square_sum += value * value;
          }
          const int64_t index = (n * channels + c) * inner + i;
          const double scale = p.bias + static_cast<double>(p.alpha) / p.size * square_sum;
          y[index] = static_cast<float>(x[index] / std::pow(scale, static_cast<double>(p.beta)));
        }
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeSoftmax, "axis");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeBatchNormalization, "epsilon", "is_test", "momentum",
                                        "spatial", "training_mode");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLrn, "alpha", "beta", "bias", "size");

}  // namespace
}  // namespace ops
}  // namespace sentio::cnn
