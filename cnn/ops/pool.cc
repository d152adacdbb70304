// MaxPool and AveragePool (ONNX semantics, 1-D, 2-D, 3-D or more spatial axes): X [N, C, D1..Dn]
// swept by a window of kernel_shape taps spaced by dilations, moved by strides over X padded by
// pads; Y [N, C, O1..On] holds each window's maximum, or its mean over the taps inside the input
// (count_include_pad 0) or inside the padded input (count_include_pad 1). The output size along
// an axis is floor((D + pads - window) / stride) + 1, or with ceil_mode rounded up, dropping a last
// window that would start in the end padding. With count_include_pad, a window that reaches past
// the padded input (ceil mode) counts only its taps inside the padded input, as Caffe and PyTorch
// do and the CPU engine's 2-D kernel does; ONNX's test generator counts the whole window (so
// test_averagepool_3d_dilations_large_count_include_pad_is_1_ceil_mode_is_True differs). auto_pad VALID / SAME_* sets the pads as ONNX does, and then
// ceil_mode does not apply (ONNX's output sizes for auto_pad are those of floor mode). Pads must be
// smaller than the kernel. A MaxPool window with no tap inside the input (possible only with
// dilations) gives -inf. MaxPool's optional Indices output holds, as floats, the flat row-major
// index into X of each window's first maximum (with storage_order 1 the spatial axes count
// column-major; -1 for a window with no tap inside the input).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"
#include "cnn/ops/window_params.h"

namespace sentio::cnn::ops {
namespace {

struct PoolGeometry {
  WindowParams window;
  bool count_include_pad = false;
  bool column_major_indices = false;
  std::vector<int64_t> output_spatial;
};

// A 0/1 attribute.
absl::StatusOr<bool> FlagAttribute(const Node& node, const char* name) {
  ASSIGN_OR_RETURN(int64_t value, IntAttribute(node, name, 0));
  if (value != 0 && value != 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' must be 0 or 1, is ", value));
  }
  return value == 1;
}

absl::StatusOr<PoolGeometry> ParsePool(const Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  const bool is_max = node.op_type() == "MaxPool";
  const Shape& x = inputs[0];
  if (x.size() < 3) {
    return NodeError(node, absl::StrCat("the input must have rank 3 or more (N, C, spatial axes), "
                                        "has shape ", ShapeString(x)));
  }
  const int spatial_rank = static_cast<int>(x.size()) - 2;
  PoolGeometry g;
  ASSIGN_OR_RETURN(g.window, ParseWindowParams(node, spatial_rank, /*kernel_required=*/true));
  ASSIGN_OR_RETURN(bool ceil_mode, FlagAttribute(node, "ceil_mode"));
  if (is_max) {
    ASSIGN_OR_RETURN(g.column_major_indices, FlagAttribute(node, "storage_order"));
  } else {
    ASSIGN_OR_RETURN(g.count_include_pad, FlagAttribute(node, "count_include_pad"));
  }
  for (int axis = 0; axis < spatial_rank; ++axis) {
    if (g.window.pad_begin(axis) >= g.window.kernel[axis] ||
        g.window.pad_end(axis) >= g.window.kernel[axis]) {
      return NodeError(node, absl::StrCat("attribute 'pads' ", ShapeString(g.window.pads),
                                          " must be smaller than kernel_shape ",
                                          ShapeString(g.window.kernel)));
    }
  }
  const std::vector<int64_t> input_spatial(x.begin() + 2, x.end());
  if (g.window.auto_pad != "NOTSET") ceil_mode = false;
  ApplyAutoPad(input_spatial, g.window);
  for (int axis = 0; axis < spatial_rank; ++axis) {
    const int64_t size =
        PooledSize(input_spatial[axis], g.window.window(axis), g.window.strides[axis],
                   g.window.pad_begin(axis), g.window.pad_end(axis), ceil_mode);
    if (size < 1) {
      return NodeError(node, absl::StrCat("window ", ShapeString(g.window.kernel), " dilated by ",
                                          ShapeString(g.window.dilations),
                                          " is larger than the padded input ", ShapeString(x)));
    }
    g.output_spatial.push_back(size);
  }
  return g;
}

// Row-major position `position` in a tensor of `dims`, counted column-major instead.
int64_t ColumnMajor(int64_t position, const std::vector<int64_t>& dims) {
  std::vector<int64_t> coordinates(dims.size());
  for (size_t axis = dims.size(); axis-- > 0;) {
    coordinates[axis] = position % dims[axis];
    position /= dims[axis];
  }
  int64_t column_major = 0;
  for (size_t axis = dims.size(); axis-- > 0;) {
    column_major = column_major * dims[axis] + coordinates[axis];
  }
  return column_major;
}

absl::StatusOr<std::vector<Shape>> PoolShapes(const Node& node, const std::vector<Shape>& inputs) {
  ASSIGN_OR_RETURN(PoolGeometry g, ParsePool(node, inputs));
  Shape y = {inputs[0][0], inputs[0][1]};
  y.insert(y.end(), g.output_spatial.begin(), g.output_spatial.end());
  return std::vector<Shape>(node.output_size(), y);
}

absl::StatusOr<std::vector<Tensor>> PoolReference(const Node& node,
                                                  const std::vector<const Tensor*>& inputs) {
  ASSIGN_OR_RETURN(PoolGeometry g, ParsePool(node, {inputs[0]->shape()}));
  const Tensor& x = *inputs[0];
  const bool is_max = node.op_type() == "MaxPool";
  const std::vector<int64_t> input_spatial(x.shape().begin() + 2, x.shape().end());
  const WindowSweep sweep(g.window, input_spatial, g.output_spatial);
  const int64_t planes = x.dim(0) * x.dim(1);
  Shape y_shape = {x.dim(0), x.dim(1)};
  y_shape.insert(y_shape.end(), g.output_spatial.begin(), g.output_spatial.end());
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(y_shape));
  ASSIGN_OR_RETURN(Tensor indices, Tensor::Zeros(node.output_size() > 1 ? y_shape : Shape{0}));
  std::vector<int64_t> taps;
  for (int64_t o = 0; o < sweep.output_size(); ++o) {
    const int64_t inside_padded = sweep.Taps(o, taps);
    const int64_t inside = std::count_if(taps.begin(), taps.end(), [](int64_t p) { return p >= 0; });
    const int64_t divisor = g.count_include_pad ? inside_padded : inside;
    for (int64_t plane = 0; plane < planes; ++plane) {
      const float* in = x.data() + plane * sweep.input_size();
      double result = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
      int64_t argmax = -1;
      for (int64_t position : taps) {
        if (position < 0) continue;
        if (!is_max) {
          result += in[position];
          continue;
        }
        // std::max's fold from -inf, as the CPU engine's kernels do: NaNs are skipped, the first
        // of equal values (signed zeros) kept.
        if (result < in[position] || argmax < 0) {
          result = std::max<double>(result, in[position]);
          argmax = plane * sweep.input_size() +
                   (g.column_major_indices ? ColumnMajor(position, input_spatial) : position);
        }
      }
      if (!is_max) result = divisor > 0 ? result / divisor : 0.0;
      y[plane * sweep.output_size() + o] = static_cast<float>(result);
      if (indices.size() > 0) indices[plane * sweep.output_size() + o] = static_cast<float>(argmax);
    }
  }
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(y));
  if (node.output_size() > 1) outputs.push_back(std::move(indices));
  return outputs;
}

OpDefinition MakePool(const char* op_type) {
  OpDefinition op;
  op.op_type = op_type;
  op.infer_shapes = PoolShapes;
  op.run_reference = PoolReference;
  return op;
}

OpDefinition MakeMaxPool() {
  OpDefinition op = MakePool("MaxPool");
  op.max_outputs = 2;  // Y and the optional Indices
  return op;
}

OpDefinition MakeAveragePool() { return MakePool("AveragePool"); }

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeMaxPool, "auto_pad", "ceil_mode", "dilations",
                                        "kernel_shape", "pads", "storage_order", "strides");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeAveragePool, "auto_pad", "ceil_mode",
                                        "count_include_pad", "dilations", "kernel_shape", "pads",
                                        "strides");

}  // namespace sentio::cnn::ops
