// Conv on the OpenCL engine: 2-D convolution of NCHW tensors with groups, strides, dilations,
// explicit pads, an optional bias and a fused activation, computed directly (no im2col). Each
// work-item computes eight pixels of an output row for up to eight output channels of the same
// group, as vectors: every input vector it loads feeds eight products, every weight eight
// (depthwise convolutions: eight pixels of one channel). Where the device's float vectors are 16
// wide (AVX-512 under PoCL) rows of 16 pixels and blocks of 16 channels where they fit. Padding:
// rows of at least four vectors are padded by the kernel as it reads them (the row ends lane by
// lane); narrower images with pads, or whose rows would be read past their end, are first copied
// into a zero-padded scratch buffer of the step (rows as wide as the reads reach), and so are
// depthwise ones; a 1x1 convolution with stride 1 and no pads reads each input plane as one long
// row. Other ranks and auto_pad other than NOTSET fall back.
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ops/window_params.h"
#include "gpu/kernels/conv_kernels.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {

const char kConvSource[] = R"CLC(
// PIXELS (8 or 16, a build option) outputs of a row per work-item, as one vector.
#if PIXELS == 16
#define VEC float16
#define VLOAD(p) vload16(0, (p))
#define VLOAD_EVEN(p) ((float16)(vload16(0, (p)).even, vload16(0, (p) + 16).even))
#define VSTORE(v, p) vstore16((v), 0, (p))
#else
#define VEC float8
#define VLOAD(p) vload8(0, (p))
#define VLOAD_EVEN(p) (vload16(0, (p)).even)
#define VSTORE(v, p) vstore8((v), 0, (p))
#endif
// CHANNELS (8 or 16, a build option) output channels per work-item, one accumulator each.
#if CHANNELS == 16
#define FOR_CHANNELS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
    X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#else
#define FOR_CHANNELS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#endif
#define DECLARE(q) VEC a##q = 0;
#if HALF_WEIGHTS
// Half weights: the block's CHANNELS weights converted together (one vector conversion), each
// lane then broadcast; one conversion per weight would cost more than the products.
#if CHANNELS == 16
#define LOAD_WEIGHTS(p) const float16 k = vload_half16(0, (p));
#else
#define LOAD_WEIGHTS(p) const float8 k = vload_half8(0, (p));
#endif
#define LANE_0 s0
#define LANE_1 s1
#define LANE_2 s2
#define LANE_3 s3
#define LANE_4 s4
#define LANE_5 s5
#define LANE_6 s6
#define LANE_7 s7
#define LANE_8 s8
#define LANE_9 s9
#define LANE_10 sa
#define LANE_11 sb
#define LANE_12 sc
#define LANE_13 sd
#define LANE_14 se
#define LANE_15 sf
#define ACCUMULATE(q) a##q = fma(v, (VEC)k.LANE_##q, a##q);
#else
// Each weight broadcast from memory: a load, where a lane of a loaded vector would take a shuffle.
#define LOAD_WEIGHTS(p)
#define ACCUMULATE(q) a##q = fma(v, (VEC)WEIGHT(wb, q), a##q);
#endif
#define SPILL(q) VSTORE(a##q, lanes[q]);
// x: [N, C, H, W], padded by PT rows above and PL columns left (zeros outside x): rows outside x
// are skipped, and a row segment that reaches outside x is gathered lane by lane (the interior
// ones are single vector loads). With a padded copy of x the pads are 0 and every segment is
// interior.
// w: packed by PackConvWeights, [K / CHANNELS blocks][C / G][KH][KW][CHANNELS], zeros past K.
__kernel void conv2d(__global const float* x, __global const WEIGHT_T* w, __global const float* bias,
                     __global float* y, int C, int H, int W, int K, int OH, int OW, int KH, int KW,
                     int SH, int SW, int DH, int DW, int G, int has_bias, int PT, int PL,
                     int NW, int WBS) {
  // Channel blocks before rows: the blocks of one output row run together while its input rows
  // are in cache.
  const int ox0 = get_global_id(0) * PIXELS, oy = get_global_id(2);
  const int kg = K / G, cg = C / G;
  const int k_blocks = (kg + CHANNELS - 1) / CHANNELS;
  const int n = get_global_id(1) / (G * k_blocks);
  const int g = get_global_id(1) / k_blocks % G;
  const int block = get_global_id(1) % (G * k_blocks);
  const int k0 = g * kg + get_global_id(1) % k_blocks * CHANNELS;
  const int count = min(CHANNELS, g * kg + kg - k0);
  FOR_CHANNELS(DECLARE)
  // Batched products (Winograd): images n of NW each have their own weights, WBS apart.
  const int weight_set = NW > 0 ? n / NW : 0;
  __global const WEIGHT_T* wb =
      w + (long)weight_set * WBS + (long)block * cg * KH * KW * CHANNELS;
  const int x_left = ox0 * SW - PL;  // the input column of lane 0 at tap column 0
  const int interior = x_left >= 0 && x_left + (KW - 1) * DW + PIXELS * SW <= W && SW <= 2;
  for (int c = 0; c < cg; ++c) {
    __global const float* plane = x + ((long)n * C + g * cg + c) * H * W;
    for (int i = 0; i < KH; ++i) {
      const int iy = oy * SH - PT + i * DH;
      if (iy < 0 || iy >= H) {
        wb += KW * CHANNELS;
        continue;
      }
      __global const float* row = plane + iy * W + x_left;
      for (int j = 0; j < KW; ++j, wb += CHANNELS) {
        VEC v;
        if (interior) {
          v = SW == 1 ? VLOAD(row + j * DW) : VLOAD_EVEN(row + j * DW);
        } else {
          float lanes[PIXELS];
          for (int l = 0; l < PIXELS; ++l) {
            const int ix = x_left + j * DW + l * SW;
            lanes[l] = ix >= 0 && ix < W ? row[j * DW + l * SW] : 0.0f;
          }
          v = VLOAD(lanes);
        }
        LOAD_WEIGHTS(wb)
        FOR_CHANNELS(ACCUMULATE)
      }
    }
  }
  const int pixels = min(PIXELS, OW - ox0);
  float lanes[CHANNELS][PIXELS];
  FOR_CHANNELS(SPILL)
  for (int q = 0; q < count; ++q) {
    const float b = has_bias ? bias[k0 + q] : 0.0f;
    __global float* out = y + (((long)n * K + k0 + q) * OH + oy) * OW + ox0;
    for (int l = 0; l < pixels; ++l) out[l] = activate(lanes[q][l] + b);
  }
}

// Depthwise (one input channel per output channel, G == C == K), on a padded copy of x (PT and
// PL are 0): one output row of one channel per work-item, PIXELS pixels at a time (a work-item per vector would cost more in scheduling
// than its nine products); w as stored, [C, 1, KH, KW].
__kernel void depthwise2d(__global const float* x, __global const WEIGHT_T* w,
                          __global const float* bias, __global float* y, int C, int H, int W,
                          int K, int OH, int OW, int KH, int KW, int SH, int SW, int DH, int DW,
                          int G, int has_bias, int PT, int PL, int NW, int WBS) {
  const int oy = get_global_id(1), plane = get_global_id(2);
  const int c = plane % C;
  __global const float* in = x + (long)plane * H * W + oy * SH * W;
  __global const WEIGHT_T* wc = w + c * KH * KW;
  __global float* out = y + ((long)plane * OH + oy) * OW;
  const float b = has_bias ? bias[c] : 0.0f;
  for (int ox0 = 0; ox0 < OW; ox0 += PIXELS) {
    VEC acc = b;
    for (int i = 0; i < KH; ++i) {
      __global const float* row = in + i * DH * W + ox0 * SW;
      for (int j = 0; j < KW; ++j) {
        VEC v;
        if (SW == 1) {
          v = VLOAD(row + j * DW);
        } else if (SW == 2) {
          v = VLOAD_EVEN(row + j * DW);
        } else {
          float lanes[PIXELS];
          for (int l = 0; l < PIXELS; ++l) lanes[l] = row[j * DW + l * SW];
          v = VLOAD(lanes);
        }
        acc = fma(v, (VEC)WEIGHT(wc, i * KW + j), acc);
      }
    }
    if (ox0 + PIXELS <= OW) {
      float lanes[PIXELS];
      VSTORE(acc, lanes);
      for (int l = 0; l < PIXELS; ++l) lanes[l] = activate(lanes[l]);
      VSTORE(VLOAD(lanes), out + ox0);
    } else {
      float lanes[PIXELS];
      VSTORE(acc, lanes);
      for (int l = 0; l < OW - ox0; ++l) out[ox0 + l] = activate(lanes[l]);
    }
  }
}

// xp [planes, PH, PW] from x [planes, H, W]: x shifted by (PT, PL), zeros around; one padded row
// per work-item.
__kernel void pad_planes(__global const float* x, __global float* xp, int H, int W, int PH, int PW,
                         int PT, int PL) {
  const int py = get_global_id(1), plane = get_global_id(2);
  const int iy = py - PT;
  __global float* out = xp + ((long)plane * PH + py) * PW;
  if (iy < 0 || iy >= H) {
    for (int px = 0; px < PW; ++px) out[px] = 0.0f;
    return;
  }
  __global const float* in = x + ((long)plane * H + iy) * W;
  for (int px = 0; px < PW; ++px) {
    const int ix = px - PL;
    out[px] = (ix >= 0 && ix < W) ? in[ix] : 0.0f;
  }
}
)CLC";

std::vector<float> PackConvWeights(const Tensor& weights, int64_t group, int64_t channels) {
  const Shape& w = weights.shape();
  const int64_t kg = w[0] / group, taps = w[1] * w[2] * w[3];
  const int64_t blocks = group * CeilDiv(kg, channels);
  std::vector<float> packed(blocks * taps * channels, 0.0f);
  for (int64_t k = 0; k < w[0]; ++k) {
    const int64_t g = k / kg, in_group = k % kg;
    const int64_t block = g * CeilDiv(kg, channels) + in_group / channels;
    for (int64_t t = 0; t < taps; ++t) {
      packed[(block * taps + t) * channels + in_group % channels] = weights[k * taps + t];
    }
  }
  return packed;
}

namespace {

// Rows of at least this many vectors are padded by conv2d as it reads them (two of them take the
// lane-by-lane path); narrower ones are copied into a padded buffer first.
constexpr int64_t kPadInKernelWidth = 4;

class ConvStep : public OpenClStep {
 public:
  // Takes ownership of the kernels and of `packed_weights` (PackConvWeights on the device).
  // `packed_weights` is PackConvWeights' layout for conv2d, the weights as stored for
  // depthwise2d (`depthwise`). `wide` is the kernel built with kWidePixels, or nullptr when the
  // device's vectors are narrower; `conv` has kNarrowPixels.
  ConvStep(const OpenClRuntime& runtime, cl_kernel conv, cl_kernel wide, cl_kernel pad,
           cl_mem packed_weights, bool half_weights, cnn::ConvParams params, bool depthwise,
           int64_t channels, std::string name)
      : runtime_(runtime),
        conv_(conv),
        wide_(wide),
        pad_(pad),
        weights_(packed_weights),
        half_weights_(half_weights),
        p_(params),
        depthwise_(depthwise),
        channels_(channels),
        name_(std::move(name)) {}
  ~ConvStep() override {
    clReleaseKernel(conv_);
    if (wide_ != nullptr) clReleaseKernel(wide_);
    clReleaseKernel(pad_);
    clReleaseMemObject(weights_);
    if (scratch_ != nullptr) clReleaseMemObject(scratch_);
  }

  bool ReadsInput(int index) const override { return index != 1; }
  int64_t DeviceBytes() const override {
    return BufferBytes(weights_) + static_cast<int64_t>(scratch_bytes_);
  }

  absl::Status Bind(const std::vector<DeviceTensor>& in, const DeviceTensor& out) override {
    const Shape& x = in[0].shape;
    const Shape& w = in[1].shape;
    const Shape& y = out.shape;
    const bool pointwise = w[2] == 1 && w[3] == 1 && p_.stride_h == 1 && p_.stride_w == 1 &&
                           p_.pad_top == 0 && p_.pad_left == 0 && p_.pad_bottom == 0 &&
                           p_.pad_right == 0;
    // The wide kernel unless it would compute more than a quarter more lanes than the row has
    // (one row per plane for pointwise convolutions): measured on PoCL, a lane of the wide kernel
    // costs about two thirds of a narrow one's.
    const int64_t row = pointwise ? y[2] * y[3] : y[3];
    pixels_ = wide_ != nullptr && 4 * CeilDiv(row, kWidePixels) * kWidePixels <= 5 * row
                  ? kWidePixels
                  : kNarrowPixels;
    chosen_ = pixels_ == kWidePixels ? wide_ : conv_;
    // The input as the kernel reads it: H x W planes, and whether they are a padded copy.
    int64_t height = x[2], width = x[3];
    const int64_t row_reach = CeilDiv(y[3], pixels_) * pixels_ * p_.stride_w +
                              (w[3] - 1) * p_.dilation_w + 1;  // vload16 reads one beyond
    Shape y_view = y;
    padded_ = false;
    bool pads_in_kernel = false;
    if (pointwise) {
      // One row per plane; the last vector of a plane reads into the next (or the arena's slack).
      width = height * width;
      height = 1;
      y_view = {y[0], y[1], 1, y[2] * y[3]};
    } else if (!depthwise_ && y[3] >= kPadInKernelWidth * pixels_ && p_.stride_w <= 2) {
      // Wide rows: the kernel pads as it reads; only the row ends take the lane-by-lane path.
      pads_in_kernel = true;
    } else if (p_.pad_top + p_.pad_left + p_.pad_bottom + p_.pad_right > 0 || row_reach > width) {
      padded_ = true;
      height = (y[2] - 1) * p_.stride_h + (w[2] - 1) * p_.dilation_h + 1;
      width = row_reach;
      const size_t bytes = static_cast<size_t>(x[0] * x[1] * height * width) * sizeof(float);
      if (bytes > scratch_bytes_) {
        if (scratch_ != nullptr) clReleaseMemObject(scratch_);
        cl_int code = CL_SUCCESS;
        scratch_ = clCreateBuffer(runtime_.context(), CL_MEM_READ_WRITE, bytes, nullptr, &code);
        if (code != CL_SUCCESS) {
          scratch_ = nullptr;
          scratch_bytes_ = 0;
          return OpenClCallError(
              code, absl::StrCat("allocating the ", bytes, " bytes of a padded convolution input"));
        }
        scratch_bytes_ = bytes;
      }
      KernelArgs pad_args(pad_);
      pad_args.Buffer(in[0].buffer).Buffer(scratch_).Int(x[2]).Int(x[3]).Int(height).Int(width);
      pad_args.Int(p_.pad_top).Int(p_.pad_left);
      RETURN_IF_ERROR(pad_args.status());
      pad_launch_ =
          PlanLaunch(pad_, {1, static_cast<size_t>(height), static_cast<size_t>(x[0] * x[1])});
    }
    const bool has_bias = in.size() > 2;
    KernelArgs args(chosen_);
    args.Buffer(padded_ ? scratch_ : in[0].buffer).Buffer(weights_);
    args.Buffer(has_bias ? in[2].buffer : weights_).Buffer(out.buffer);
    args.Int(x[1]).Int(height).Int(width).Int(y_view[1]).Int(y_view[2]).Int(y_view[3]);
    args.Int(w[2]).Int(w[3]).Int(p_.stride_h).Int(p_.stride_w).Int(p_.dilation_h);
    args.Int(p_.dilation_w).Int(p_.group).Int(has_bias ? 1 : 0);
    args.Int(pads_in_kernel ? p_.pad_top : 0).Int(pads_in_kernel ? p_.pad_left : 0);
    args.Int(0).Int(0);  // one set of weights
    RETURN_IF_ERROR(args.status());
    const int64_t k_blocks = depthwise_ ? 1 : CeilDiv(y[1] / p_.group, channels_);
    const size_t row_blocks = static_cast<size_t>(CeilDiv(y_view[3], pixels_));
    const size_t rows = static_cast<size_t>(y_view[2]);
    const size_t planes = static_cast<size_t>(y[0] * p_.group * k_blocks);
    conv_launch_ = PlanLaunch(chosen_, depthwise_ ? std::vector<size_t>{1, rows, planes}
                                                  : std::vector<size_t>{row_blocks, planes, rows});
    return absl::OkStatus();
  }

  absl::Status Enqueue(cl_command_queue queue) override {
    const std::vector<size_t>& global = conv_launch_.global;
    if (std::count(global.begin(), global.end(), 0) > 0) return absl::OkStatus();
    if (padded_) RETURN_IF_ERROR(EnqueueKernel(queue, pad_, pad_launch_, "pad_planes"));
    RETURN_IF_ERROR(EnqueueKernel(queue, chosen_, conv_launch_, name_));
    return absl::OkStatus();
  }

  std::string kernel_name() const override {
    return absl::StrCat(name_, " ", depthwise_ ? 1 : channels_, "x", pixels_,
                        padded_ ? " (padded input)" : "", half_weights_ ? " fp16 weights" : "");
  }

 private:
  const OpenClRuntime& runtime_;
  cl_kernel conv_, wide_, pad_;
  cl_kernel chosen_ = nullptr;  // conv_ or wide_, for the bound shapes
  int64_t pixels_ = kNarrowPixels;
  cl_mem weights_;
  bool half_weights_;  // weights_ holds halves
  cnn::ConvParams p_;
  bool depthwise_;
  int64_t channels_;  // output channels per work-item (PackConvWeights' blocks)
  std::string name_;
  bool padded_ = false;
  cl_mem scratch_ = nullptr;
  size_t scratch_bytes_ = 0;
  KernelLaunch conv_launch_, pad_launch_;
};

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeConvStep(const cnn::Node& node,
                                                         const OpenClOpContext& context) {
  // The kernel reads past a plane's end into the arena's slack: a constant input (no slack)
  // falls back.
  if (context.input_shapes[0].size() != 4 || context.constants[0] != nullptr ||
      context.constants[1] == nullptr) {
    return nullptr;
  }
  absl::StatusOr<cnn::ConvParams> parsed = cnn::ParseConvParams(node);
  if (!parsed.ok()) return nullptr;  // not 2-D, or auto_pad to resolve: the reference kernel
  ASSIGN_OR_RETURN(std::unique_ptr<OpenClStep> winograd,
                   MakeWinogradConvStep(node, context, *parsed));
  if (winograd != nullptr) return winograd;
  const Tensor weights_as_stored = context.constants[1]->ToFloat32();
  const Shape& w_shape = weights_as_stored.shape();
  const bool depthwise =
      parsed->group == context.input_shapes[0][1] && parsed->group == w_shape[0] && w_shape[1] == 1;
  const bool wide_vectors =
      context.programs->runtime().device().preferred_float_vector_width >= kWidePixels;
  const int64_t channels = wide_vectors && (w_shape[0] / parsed->group) % kWideChannels == 0
                               ? kWideChannels
                               : kNarrowChannels;
  const std::vector<float> packed =
      depthwise ? std::vector<float>(weights_as_stored.data(),
                                     weights_as_stored.data() + weights_as_stored.size())
                : PackConvWeights(weights_as_stored, parsed->group, channels);
  // Weights stored as halves stay halves on the device.
  const bool half = context.constants[1]->dtype() == cnn::DataType::kFloat16;
  ASSIGN_OR_RETURN(cl_mem weights, UploadWeightValues(context.programs->runtime(), packed, half,
                                                      "packed convolution weights"));
  const std::string source = std::string(kActivationSource) + kWeightSource + kConvSource;
  const std::string options =
      absl::StrCat(context.activation.BuildOptions(), " -DCHANNELS=", channels,
                   " -DHALF_WEIGHTS=", half ? 1 : 0);
  const char* kernel_name = depthwise ? "depthwise2d" : "conv2d";
  absl::StatusOr<cl_kernel> conv = context.programs->MakeKernel(
      source, kernel_name, absl::StrCat(options, " -DPIXELS=", kNarrowPixels));
  absl::StatusOr<cl_kernel> wide =
      wide_vectors ? context.programs->MakeKernel(source, kernel_name,
                                                  absl::StrCat(options, " -DPIXELS=", kWidePixels))
                   : absl::StatusOr<cl_kernel>(nullptr);
  absl::StatusOr<cl_kernel> pad = context.programs->MakeKernel(
      source, "pad_planes", absl::StrCat(options, " -DPIXELS=", kNarrowPixels));
  if (!conv.ok() || !wide.ok() || !pad.ok()) {
    for (const absl::StatusOr<cl_kernel>* made : {&conv, &wide, &pad}) {
      if (made->ok() && **made != nullptr) clReleaseKernel(**made);
    }
    clReleaseMemObject(weights);
    return !conv.ok() ? conv.status() : (!wide.ok() ? wide.status() : pad.status());
  }
  std::string name = depthwise ? "depthwise2d" : "conv2d";
  if (context.activation.kind != Activation::kNone) name += "+" + context.activation.Name();
  return std::make_unique<ConvStep>(context.programs->runtime(), *conv, *wide, *pad, weights, half,
                                    *parsed, depthwise, channels, name);
}

SENTIO_REGISTER_OPENCL_OP("Conv", (OpenClOpKernels{MakeConvStep, /*fuses_activation=*/true}));

}  // namespace
}  // namespace sentio::gpu
