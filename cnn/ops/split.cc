// Split: cuts the input along `axis` (default 0) into the node's outputs, output i taking the next
// split[i] entries. Without `split`, num_outputs (ONNX opset 18) equal parts of
// ceil(dim / num_outputs), the last smaller when the dimension does not divide; without either,
// equal parts by the node's output count, which must divide the dimension. ONNX passes `split` as
// an attribute before opset 13 and as input 1 from 13; the IR always has the attribute.
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

struct SplitParams {
  int axis = 0;
  std::vector<int64_t> sizes;  // one per output, summing to the axis' dimension
};

absl::StatusOr<SplitParams> ParseSplit(const Node& node, const Shape& input) {
  SplitParams params;
  ASSIGN_OR_RETURN(params.axis,
                   AxisAttribute(node, "axis", 0, static_cast<int>(input.size())));
  const int64_t dim = input[params.axis];
  const int64_t outputs = node.output_size();
  ASSIGN_OR_RETURN(std::vector<int64_t> split, IntsAttribute(node, "split", {}));
  ASSIGN_OR_RETURN(int64_t num_outputs, IntAttribute(node, "num_outputs", 0));
  const bool has_num_outputs = num_outputs != 0;
  const bool has_split = !split.empty();
  if (has_split && has_num_outputs) {
    return NodeError(node, "'split' and 'num_outputs' are both given");
  }
  if (has_split) {
    if (static_cast<int64_t>(split.size()) != outputs) {
      return NodeError(node, absl::StrCat("attribute 'split' has ", split.size(),
                                          " sizes for ", outputs, " outputs"));
    }
    int64_t total = 0;
    for (int64_t size : split) {
      if (size < 0 || size > dim - total) {
        return NodeError(node, absl::StrCat("attribute 'split' does not sum to dimension ", dim,
                                            " of axis ", params.axis));
      }
      total += size;
    }
    if (total != dim) {
      return NodeError(node, absl::StrCat("attribute 'split' sums to ", total, ", not dimension ",
                                          dim, " of axis ", params.axis));
    }
    params.sizes = std::move(split);
    return params;
  }
  if (has_num_outputs && num_outputs != outputs) {
    return NodeError(node, absl::StrCat("attribute 'num_outputs' ", num_outputs,
                                        " but the node has ", outputs, " outputs"));
  }
  if (!has_num_outputs && dim % outputs != 0) {
    return NodeError(node, absl::StrCat("dimension ", dim, " of axis ", params.axis,
                                        " does not split into ", outputs, " equal parts"));
  }
  const int64_t part = dim / outputs + (dim % outputs != 0 ? 1 : 0);
  const int64_t last = dim - part * (outputs - 1);
  if (last < 0) {
    return NodeError(node, absl::StrCat("attribute 'num_outputs' ", num_outputs,
                                        ": dimension ", dim, " of axis ", params.axis,
                                        " has too few entries for that many parts"));
  }
  params.sizes.assign(outputs, part);
  params.sizes.back() = last;
  return params;
}

OpDefinition MakeSplit() {
  OpDefinition op;
  op.op_type = "Split";
  op.min_outputs = 1;
  op.max_outputs = 1024;
  op.onnx_constant_inputs = {{1, "split", 13}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(SplitParams params, ParseSplit(node, inputs[0]));
    std::vector<Shape> shapes;
    for (int64_t size : params.sizes) {
      Shape shape = inputs[0];
      shape[params.axis] = size;
      shapes.push_back(std::move(shape));
    }
    return shapes;
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(SplitParams params, ParseSplit(node, x.shape()));
    // x is [outer, dim, inner] around the axis; each output is [outer, size, inner].
    int64_t outer = 1, inner = 1;
    for (int axis = 0; axis < params.axis; ++axis) outer *= x.shape()[axis];
    for (int axis = params.axis + 1; axis < x.rank(); ++axis) inner *= x.shape()[axis];
    const int64_t dim = x.shape()[params.axis];
    std::vector<Tensor> outputs;
    int64_t offset = 0;
    for (int64_t size : params.sizes) {
      Shape shape = x.shape();
      shape[params.axis] = size;
      ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
      for (int64_t o = 0; o < outer; ++o) {
        for (int64_t i = 0; i < size * inner; ++i) {
          y[o * size * inner + i] = x[(o * dim + offset) * inner + i];
        }
      }
      offset += size;
      outputs.push_back(std::move(y));
    }
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeSplit, "axis", "num_outputs");

}  // namespace
}  // namespace sentio::cnn::ops
