// DepthToSpace and SpaceToDepth on NCHW tensors with `blocksize` b. DepthToSpace moves channel
// blocks of b * b into b x b spatial blocks: [N, C, H, W] -> [N, C / (b * b), H * b, W * b], the
// channel of block offset (i, j) and output channel c being (i * b + j) * C / (b * b) + c in `mode`
// DCR (the default, and the only one before ONNX opset 11) or c * b * b + i * b + j in CRD.
// SpaceToDepth is the inverse of DCR: [N, C, H, W] -> [N, C * b * b, H / b, W / b].
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

absl::StatusOr<int64_t> BlockSize(const Node& node) {
  ASSIGN_OR_RETURN(int64_t blocksize, IntAttribute(node, "blocksize", 0));
  if (blocksize <= 0) {
    return NodeError(node, absl::StrCat("attribute 'blocksize' ", blocksize,
                                        " must be positive"));
  }
  return blocksize;
}

struct DepthToSpaceParams {
  int64_t blocksize = 1;
  bool column_row_depth = false;  // CRD mode
  Shape output;
};

absl::StatusOr<DepthToSpaceParams> ParseDepthToSpace(const Node& node, const Shape& input) {
  RETURN_IF_ERROR(ExpectRank(node, input, 4, "input"));
  DepthToSpaceParams params;
  ASSIGN_OR_RETURN(params.blocksize, BlockSize(node));
  ASSIGN_OR_RETURN(std::string mode, StringAttribute(node, "mode", "DCR"));
  if (mode != "DCR" && mode != "CRD") {
    return NodeError(node, absl::StrCat("attribute 'mode' \"", mode, "\" is not DCR or CRD"));
  }
  params.column_row_depth = mode == "CRD";
  const int64_t b = params.blocksize;
  // Checked one factor at a time, so that b * b cannot overflow.
  if (input[1] % b != 0 || input[1] / b % b != 0) {
    return NodeError(node, absl::StrCat("channels ", input[1],
                                        " are not a multiple of attribute 'blocksize' ", b,
                                        " squared"));
  }
  params.output = {input[0], input[1] / b / b, 0, 0};
  if (__builtin_mul_overflow(input[2], b, &params.output[2]) ||
      __builtin_mul_overflow(input[3], b, &params.output[3])) {
    return NodeError(node, absl::StrCat("attribute 'blocksize' ", b, " is too large"));
  }
  return params;
}

OpDefinition MakeDepthToSpace() {
  OpDefinition op;
  op.op_type = "DepthToSpace";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(DepthToSpaceParams params, ParseDepthToSpace(node, inputs[0]));
    return std::vector<Shape>{params.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(DepthToSpaceParams params, ParseDepthToSpace(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(params.output));
    const int64_t b = params.blocksize;
    const int64_t batch = x.dim(0), channels = x.dim(1), height = x.dim(2), width = x.dim(3);
    const int64_t out_channels = params.output[1];
    int64_t out = 0;
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < out_channels; ++c) {
        for (int64_t oh = 0; oh < height * b; ++oh) {
          for (int64_t ow = 0; ow < width * b; ++ow) {
            const int64_t i = oh % b, j = ow % b;
            const int64_t channel = params.column_row_depth ? (c * b + i) * b + j
                                                            : (i * b + j) * out_channels + c;
            y[out++] = x[((n * channels + channel) * height + oh / b) * width + ow / b];
          }
        }
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

absl::StatusOr<std::pair<int64_t, Shape>> ParseSpaceToDepth(const Node& node,
                                                            const Shape& input) {
  RETURN_IF_ERROR(ExpectRank(node, input, 4, "input"));
  ASSIGN_OR_RETURN(int64_t b, BlockSize(node));
  if (input[2] % b != 0 || input[3] % b != 0) {
    return NodeError(node, absl::StrCat("height ", input[2], " and width ", input[3],
                                        " are not multiples of attribute 'blocksize' ", b));
  }
  Shape output = {input[0], 0, input[2] / b, input[3] / b};
  if (__builtin_mul_overflow(input[1], b, &output[1]) ||
      __builtin_mul_overflow(output[1], b, &output[1])) {
    return NodeError(node, absl::StrCat("attribute 'blocksize' ", b, " is too large"));
  }
  return std::make_pair(b, output);
}

OpDefinition MakeSpaceToDepth() {
  OpDefinition op;
  op.op_type = "SpaceToDepth";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(auto params, ParseSpaceToDepth(node, inputs[0]));
    return std::vector<Shape>{params.second};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(auto params, ParseSpaceToDepth(node, x.shape()));
    const auto& [b, shape] = params;
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
    const int64_t batch = x.dim(0), channels = x.dim(1), height = x.dim(2), width = x.dim(3);
    int64_t out = 0;
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t oc = 0; oc < shape[1]; ++oc) {
        // Output channel (i * b + j) * C + c holds block offset (i, j) of input channel c.
        const int64_t c = oc % channels, i = oc / channels / b, j = oc / channels % b;
        for (int64_t oh = 0; oh < shape[2]; ++oh) {
          for (int64_t ow = 0; ow < shape[3]; ++ow) {
            y[out++] = x[((n * channels + c) * height + oh * b + i) * width + ow * b + j];
          }
        }
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeDepthToSpace, "blocksize", "mode");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeSpaceToDepth, "blocksize");

}  // namespace
}  // namespace sentio::cnn::ops
