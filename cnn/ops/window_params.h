// The window attributes that Conv, ConvTranspose and the pooling ops share, ONNX's way on N spatial
// axes: kernel_shape, strides and dilations of N values (1 by default), pads of 2N values
// [x1_begin, x2_begin, ..., x1_end, x2_end, ...] (0 by default), and auto_pad. Parsed for N axes
// (WindowParams, which the reference kernels use) and, for 2-D nodes, into the fixed structs that
// the CPU engine's kernels take (ConvParams, PoolParams).
#ifndef CNN_OPS_WINDOW_PARAMS_H_
#define CNN_OPS_WINDOW_PARAMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn {

struct ConvParams {
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t group = 1;
};

struct PoolParams {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  // Round the output size up (Caffe's pooling) rather than down; a last window that would start
  // in the end padding is dropped, as Caffe, PyTorch and ONNX do.
  bool ceil_mode = false;
  // AveragePool: divide by the window clipped to the padded input (true) or to the input (false).
  bool count_include_pad = false;
};

// Kernel sizes, strides, dilations and pads above this are taken as a corrupt model: window
// arithmetic on them could overflow.
constexpr int64_t kMaxWindowValue = int64_t{1} << 30;

// The 2-D view of a Conv or pooling node, for kernels written for NCHW: an error when the node's
// window attributes are not 2-D, when it has an auto_pad other than NOTSET (resolving it needs the
// input shape) or, for the pools, dilations other than 1.
absl::StatusOr<ConvParams> ParseConvParams(const cnn::Node& node);
absl::StatusOr<PoolParams> ParsePoolParams(const cnn::Node& node);

// Output size along one axis of a window sweep of `window` elements (the dilated kernel); below 1
// means the window does not fit. With `ceil_mode` the size is rounded up, but a last window that
// would start in the end padding is dropped.
int64_t PooledSize(int64_t input, int64_t window, int64_t stride, int64_t pad_begin,
                   int64_t pad_end, bool ceil_mode);

// The window attributes on N spatial axes.
struct WindowParams {
  // Empty when the node has no kernel_shape and it was not required (Conv takes it from W).
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides, dilations;
  std::vector<int64_t> pads;  // 2N values: the N begin pads, then the N end pads
  // NOTSET, VALID, SAME_UPPER or SAME_LOWER.
  std::string auto_pad = "NOTSET";

  int spatial_rank() const { return static_cast<int>(strides.size()); }
  int64_t pad_begin(int axis) const { return pads[axis]; }
  int64_t pad_end(int axis) const { return pads[spatial_rank() + axis]; }
  // The extent of the dilated kernel along `axis`.
  int64_t window(int axis) const { return dilations[axis] * (kernel[axis] - 1) + 1; }
};

// Reads the window attributes of `node` for `spatial_rank` axes with ONNX's defaults, checking
// their lengths and ranges (errors name the attribute). kernel_shape must be present when
// `kernel_required`.
// The window and group of a Conv or ConvTranspose node on input `x` with weights `w`: ranks checked
// (N, C and the spatial axes, the same for both), the kernel taken from the weights or
// `kernel_shape` checked against them, `group` at least 1. Each op checks how group fits itself.
struct FilterWindow {
  WindowParams window;
  int64_t group = 1;
};
absl::StatusOr<FilterWindow> ParseFilterWindow(const cnn::Node& node, const std::vector<int64_t>& x,
                                               const std::vector<int64_t>& w);

absl::StatusOr<WindowParams> ParseWindowParams(const cnn::Node& node, int spatial_rank,
                                               bool kernel_required);

// Sets the pads of a window sweep (Conv, pooling) over `input_spatial` that auto_pad asks for:
// none for VALID; for SAME_UPPER and SAME_LOWER the padding that makes the output
// ceil(input / stride), split evenly with the odd one at the end (UPPER) or the beginning (LOWER).
// Leaves them for NOTSET. The kernel must be set.
void ApplyAutoPad(const std::vector<int64_t>& input_spatial, WindowParams& params);

// The geometry of one N-D window sweep: output position o and kernel tap t read input position
// o * stride - pad_begin + t * dilation on each axis. ConvTranspose uses it the other way round
// (its input positions are the sweep's outputs).
class WindowSweep {
 public:
  WindowSweep(const WindowParams& params, std::vector<int64_t> input_spatial,
              std::vector<int64_t> output_spatial);

  int64_t input_size() const { return input_size_; }
  int64_t output_size() const { return output_size_; }
  int64_t taps() const { return taps_; }

  // For output position `output` (flat, row-major over the spatial axes), the flat input position
  // of each kernel tap (taps in row-major order), or -1 where the tap is outside the input.
  // Returns how many taps lie inside the padded input (the input and its pads).
  int64_t Taps(int64_t output, std::vector<int64_t>& input_positions) const;

 private:
  WindowParams params_;
  std::vector<int64_t> input_spatial_, output_spatial_;
  int64_t input_size_ = 1, output_size_ = 1, taps_ = 1;
};

}  // namespace sentio::cnn

#endif  // CNN_OPS_WINDOW_PARAMS_H_
