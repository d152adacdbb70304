// Winograd F(2x2, 3x3) for the OpenCL engine's 3x3 stride-1 convolutions (Lavin and Gray, 2016):
// each 2x2 block of outputs from a 4x4 block of input in 16 products per channel pair instead of
// 36. Three kernels: the input's 4x4 tiles transformed (B^T d B) into 16 planes of
// [N, C, tiles]; 16 products [K, C] x [C, tiles] by conv2d as a batched 1x1 convolution, each of
// the 16 with its own transformed weights (G g G^T, made at load); the 2x2 outputs transformed back
// (A^T m A) with the bias and the fused activation. Used where the layer has at least 256 input
// and output channels and an output of at least 28x28: on PoCL the transforms' memory traffic
// (the transformed input is four times the input) outweighs the 2.25x fewer products below that
// (VGG-16's 224x224 layer: 18 ms direct, 55 with Winograd; its 28x28 ones 19 -> 17 ms).
#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "gpu/kernels/conv_kernels.h"

namespace sentio::gpu {
namespace {

constexpr char kWinogradSource[] = R"CLC(
// v [16][N][C][T] from x [N][C][H][W]: tile t = (ty, tx) covers input rows 2ty - PT .. +3 and
// columns 2tx - PL .. +3 (zeros outside x); one tile of one channel per work-item.
__kernel void winograd_input(__global const float* x, __global float* v, int N, int C, int H,
                             int W, int TH, int TW, int PT, int PL) {
  const int tx = get_global_id(0), ty = get_global_id(1), nc = get_global_id(2);
  const int y0 = 2 * ty - PT, x0 = 2 * tx - PL;
  __global const float* plane = x + (long)nc * H * W;
  float d[4][4];
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      const int iy = y0 + i, ix = x0 + j;
      d[i][j] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? plane[iy * W + ix] : 0.0f;
    }
  }
  float t[4][4];  // B^T d
  for (int j = 0; j < 4; ++j) {
    t[0][j] = d[0][j] - d[2][j];
    t[1][j] = d[1][j] + d[2][j];
    t[2][j] = d[2][j] - d[1][j];
    t[3][j] = d[1][j] - d[3][j];
  }
  const long plane_size = (long)N * C * TH * TW;
  __global float* out = v + (long)nc * TH * TW + ty * TW + tx;
  for (int i = 0; i < 4; ++i) {  // (B^T d) B
    out[(i * 4 + 0) * plane_size] = t[i][0] - t[i][2];
    out[(i * 4 + 1) * plane_size] = t[i][1] + t[i][2];
    out[(i * 4 + 2) * plane_size] = t[i][2] - t[i][1];
    out[(i * 4 + 3) * plane_size] = t[i][1] - t[i][3];
  }
}

// y [N][K][OH][OW] from m [16][N][K][T]: A^T m A for each tile, plus the bias, activated.
__kernel void winograd_output(__global const float* m, __global const float* bias,
                              __global float* y, int N, int K, int OH, int OW, int TH, int TW,
                              int has_bias) {
  const int tx = get_global_id(0), ty = get_global_id(1), nk = get_global_id(2);
  const long plane_size = (long)N * K * TH * TW;
  __global const float* in = m + (long)nk * TH * TW + ty * TW + tx;
  float s[4][4];
  for (int e = 0; e < 16; ++e) s[e / 4][e % 4] = in[e * plane_size];
  float t[2][4];  // A^T m
  for (int j = 0; j < 4; ++j) {
    t[0][j] = s[0][j] + s[1][j] + s[2][j];
    t[1][j] = s[1][j] - s[2][j] - s[3][j];
  }
  const float b = has_bias ? bias[nk % K] : 0.0f;
  __global float* out = y + (long)nk * OH * OW;
  for (int i = 0; i < 2; ++i) {
    const int oy = 2 * ty + i;
    if (oy >= OH) break;
    const float r0 = t[i][0] + t[i][1] + t[i][2], r1 = t[i][1] - t[i][2] - t[i][3];
    const int ox = 2 * tx;
    out[oy * OW + ox] = activate(r0 + b);
    if (ox + 1 < OW) out[oy * OW + ox + 1] = activate(r1 + b);
  }
}
)CLC";

// G g G^T for each [K, C] pair of 3x3 kernels, as [16][K][C] (element e = 4i + j of the 4x4).
std::vector<float> TransformWeights(const Tensor& w) {
  const int64_t k_count = w.dim(0), c_count = w.dim(1);
  std::vector<float> u(16 * k_count * c_count);
  for (int64_t k = 0; k < k_count; ++k) {
    for (int64_t c = 0; c < c_count; ++c) {
      const float* g = w.data() + (k * c_count + c) * 9;
      double t[4][3];  // G g
      for (int j = 0; j < 3; ++j) {
        t[0][j] = g[j];
        t[1][j] = 0.5 * (g[j] + g[3 + j] + g[6 + j]);
        t[2][j] = 0.5 * (g[j] - g[3 + j] + g[6 + j]);
        t[3][j] = g[6 + j];
      }
      for (int i = 0; i < 4; ++i) {  // (G g) G^T
        const double row[4] = {t[i][0], 0.5 * (t[i][0] + t[i][1] + t[i][2]),
                               0.5 * (t[i][0] - t[i][1] + t[i][2]), t[i][2]};
        for (int j = 0; j < 4; ++j) {
          u[((i * 4 + j) * k_count + k) * c_count + c] = static_cast<float>(row[j]);
        }
      }
    }
  }
  return u;
}

class WinogradConvStep : public OpenClStep {
 public:
  // Takes ownership of the kernels and of `weights` (16 sets of PackConvWeights' layout,
  // `weight_set_floats` apart); `wide` is conv2d with kWidePixels or nullptr.
  WinogradConvStep(const OpenClRuntime& runtime, cl_kernel input, cl_kernel product, cl_kernel wide,
                   cl_kernel output, cl_mem weights, int64_t weight_set_floats, int64_t channels,
                   cnn::ConvParams params, std::string name)
      : runtime_(runtime),
        input_(input),
        product_(product),
        wide_(wide),
        output_(output),
        weights_(weights),
        weight_set_floats_(weight_set_floats),
        channels_(channels),
        p_(params),
        name_(std::move(name)) {}
  ~WinogradConvStep() override {
    for (cl_kernel kernel : {input_, product_, wide_, output_}) {
      if (kernel != nullptr) clReleaseKernel(kernel);
    }
    for (cl_mem buffer : {weights_, v_, m_}) {
      if (buffer != nullptr) clReleaseMemObject(buffer);
    }
  }

  bool ReadsInput(int index) const override { return index != 1; }
  int64_t DeviceBytes() const override {
    return BufferBytes(weights_) + BufferBytes(v_) + BufferBytes(m_);
  }
  std::string kernel_name() const override { return name_; }

  absl::Status Bind(const std::vector<DeviceTensor>& in, const DeviceTensor& out) override {
    const Shape& x = in[0].shape;
    const Shape& y = out.shape;
    const int64_t n = x[0], c = x[1], k = y[1];
    const int64_t tiles_h = CeilDiv(y[2], 2), tiles_w = CeilDiv(y[3], 2);
    const int64_t tiles = tiles_h * tiles_w;
    RETURN_IF_ERROR(Reserve(v_, 16 * n * c * tiles * sizeof(float)));
    RETURN_IF_ERROR(Reserve(m_, 16 * n * k * tiles * sizeof(float)));
    KernelArgs input(input_);
    input.Buffer(in[0].buffer).Buffer(v_).Int(n).Int(c).Int(x[2]).Int(x[3]).Int(tiles_h);
    input.Int(tiles_w).Int(p_.pad_top).Int(p_.pad_left);
    RETURN_IF_ERROR(input.status());
    input_launch_ = PlanLaunch(input_, {static_cast<size_t>(tiles_w), static_cast<size_t>(tiles_h),
                                        static_cast<size_t>(n * c)});
    // The 16 products as one 1x1 convolution of 16 N images [C, 1, tiles] (image e N + i holds
    // transform element e of image i) where image e N + i takes weight set e. Rows of tiles the
    // vectors do not fill are gathered lane by lane by conv2d (they are not interior).
    pixels_ = wide_ != nullptr && 4 * CeilDiv(tiles, kWidePixels) * kWidePixels <= 5 * tiles
                  ? kWidePixels
                  : kNarrowPixels;
    KernelArgs product(chosen_product());
    product.Buffer(v_).Buffer(weights_).Buffer(weights_).Buffer(m_);
    product.Int(c).Int(1).Int(tiles).Int(k).Int(1).Int(tiles);  // C, H, W, K, OH, OW
    product.Int(1).Int(1).Int(1).Int(1).Int(1).Int(1);          // KH, KW, SH, SW, DH, DW
    product.Int(1).Int(0).Int(0).Int(0);                        // G, has_bias, PT, PL
    product.Int(n).Int(weight_set_floats_);                     // NW, WBS
    RETURN_IF_ERROR(product.status());
    product_launch_ =
        PlanLaunch(chosen_product(), {static_cast<size_t>(CeilDiv(tiles, pixels_)),
                                      static_cast<size_t>(16 * n * CeilDiv(k, channels_)), 1});
    const bool has_bias = in.size() > 2;
    KernelArgs output(output_);
    output.Buffer(m_).Buffer(has_bias ? in[2].buffer : weights_).Buffer(out.buffer).Int(n);
    output.Int(k).Int(y[2]).Int(y[3]).Int(tiles_h).Int(tiles_w).Int(has_bias ? 1 : 0);
    RETURN_IF_ERROR(output.status());
    output_launch_ = PlanLaunch(
        output_,
        {static_cast<size_t>(tiles_w), static_cast<size_t>(tiles_h), static_cast<size_t>(n * k)});
    return absl::OkStatus();
  }

  absl::Status Enqueue(cl_command_queue queue) override {
    RETURN_IF_ERROR(EnqueueKernel(queue, input_, input_launch_, "winograd_input"));
    RETURN_IF_ERROR(EnqueueKernel(queue, chosen_product(), product_launch_, "conv2d"));
    return EnqueueKernel(queue, output_, output_launch_, "winograd_output");
  }

 private:
  cl_kernel chosen_product() const { return pixels_ == kWidePixels ? wide_ : product_; }

  // Makes `buffer` hold at least `bytes`.
  absl::Status Reserve(cl_mem& buffer, size_t bytes) {
    if (BufferBytes(buffer) >= static_cast<int64_t>(bytes)) return absl::OkStatus();
    if (buffer != nullptr) clReleaseMemObject(buffer);
    cl_int code = CL_SUCCESS;
    buffer = clCreateBuffer(runtime_.context(), CL_MEM_READ_WRITE, std::max<size_t>(bytes, 4),
                            nullptr, &code);
    if (code != CL_SUCCESS) {
      buffer = nullptr;
      return OpenClCallError(code,
                             absl::StrCat("allocating ", bytes, " bytes of Winograd transforms"));
    }
    return absl::OkStatus();
  }

  const OpenClRuntime& runtime_;
  cl_kernel input_, product_, wide_, output_;
  cl_mem weights_;
  int64_t weight_set_floats_, channels_;
  cnn::ConvParams p_;
  std::string name_;
  cl_mem v_ = nullptr, m_ = nullptr;  // the transformed input and products
  int64_t pixels_ = kNarrowPixels;
  KernelLaunch input_launch_, product_launch_, output_launch_;
};

// Layers below these sizes stay on the direct kernel, where the transforms cost more than the
// products save.
constexpr int64_t kMinChannels = 256, kMinOutputSize = 28;

}  // namespace

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeWinogradConvStep(const cnn::Node& node,
                                                                 const OpenClOpContext& context,
                                                                 const cnn::ConvParams& p) {
  const Shape& x = context.input_shapes[0];
  const Tensor w = context.constants[1]->ToFloat32();
  const Shape& w_shape = w.shape();
  const bool applies = x.size() == 4 && w_shape.size() == 4 && w_shape[2] == 3 && w_shape[3] == 3 &&
                       p.stride_h == 1 && p.stride_w == 1 && p.dilation_h == 1 &&
                       p.dilation_w == 1 && p.group == 1 && x[1] >= kMinChannels &&
                       w_shape[0] >= kMinChannels &&
                       x[2] + p.pad_top + p.pad_bottom - 2 >= kMinOutputSize &&
                       x[3] + p.pad_left + p.pad_right - 2 >= kMinOutputSize;
  if (!applies) return nullptr;
  const OpenClRuntime& runtime = context.programs->runtime();
  const bool wide_vectors = runtime.device().preferred_float_vector_width >= kWidePixels;
  const int64_t k_count = w_shape[0], c_count = w_shape[1];
  const int64_t channels =
      wide_vectors && k_count % kWideChannels == 0 ? kWideChannels : kNarrowChannels;
  // The 16 transformed weight sets, each packed for conv2d as a 1x1 convolution [K, C, 1, 1].
  const std::vector<float> u = TransformWeights(w);
  std::vector<float> packed;
  int64_t set_floats = 0;
  for (int e = 0; e < 16; ++e) {
    std::vector<float> set(u.begin() + e * k_count * c_count,
                           u.begin() + (e + 1) * k_count * c_count);
    ASSIGN_OR_RETURN(Tensor as_conv, Tensor::FromValues({k_count, c_count, 1, 1}, std::move(set)));
    const std::vector<float> packed_set = PackConvWeights(as_conv, 1, channels);
    set_floats = static_cast<int64_t>(packed_set.size());
    packed.insert(packed.end(), packed_set.begin(), packed_set.end());
  }
  ASSIGN_OR_RETURN(cl_mem weights, UploadWeightValues(runtime, packed, /*as_half=*/false,
                                                      "Winograd-transformed weights"));
  const std::string product_source = std::string(kActivationSource) + kWeightSource + kConvSource;
  const std::string product_options =
      absl::StrCat(Activation().BuildOptions(), " -DCHANNELS=", channels, " -DHALF_WEIGHTS=0");
  const std::string transform_source = std::string(kActivationSource) + kWinogradSource;
  absl::StatusOr<cl_kernel> made[4] = {
      context.programs->MakeKernel(transform_source, "winograd_input", ""),
      context.programs->MakeKernel(product_source, "conv2d",
                                   absl::StrCat(product_options, " -DPIXELS=", kNarrowPixels)),
      wide_vectors
          ? context.programs->MakeKernel(product_source, "conv2d",
                                         absl::StrCat(product_options, " -DPIXELS=", kWidePixels))
          : absl::StatusOr<cl_kernel>(nullptr),
      context.programs->MakeKernel(transform_source, "winograd_output",
                                   context.activation.BuildOptions())};
  for (const absl::StatusOr<cl_kernel>& kernel : made) {
    if (kernel.ok()) continue;
    for (const absl::StatusOr<cl_kernel>& other : made) {
      if (other.ok() && *other != nullptr) clReleaseKernel(*other);
    }
    clReleaseMemObject(weights);
    return kernel.status();
  }
  std::string name = "winograd_2x2_3x3";
  if (context.activation.kind != Activation::kNone) name += "+" + context.activation.Name();
  return std::make_unique<WinogradConvStep>(runtime, *made[0], *made[1], *made[2], *made[3],
                                            weights, set_floats, channels, p, name);
}

}  // namespace sentio::gpu
