#include "cnn/cpu/engine_comparison_for_test.h"

#include <algorithm>
#include <cmath>

namespace sentio::cnn::cpu {

std::vector<float> RandomValues(int64_t count, std::mt19937& random) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = uniform(random);
  return values;
}

double MaxRelativeError(const Tensor& actual, const Tensor& expected) {
  double largest = 0, error = 0;
  for (int64_t i = 0; i < expected.size(); ++i) {
    largest = std::max(largest, std::fabs(static_cast<double>(expected[i])));
    error = std::max(error, std::fabs(static_cast<double>(actual[i]) - expected[i]));
  }
  return largest > 0 ? error / largest : error;
}

std::vector<double> DirectConvolution(const std::vector<float>& image,
                                      const std::vector<float>& weights,
                                      const std::vector<float>& bias, int64_t out_channels,
                                      const ConvGeometry& g, const Activation& activation) {
  const ConvParams& p = g.params;
  std::vector<double> out(out_channels * g.out_h * g.out_w);
  for (int64_t o = 0; o < out_channels; ++o) {
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        double sum = bias[o];
        for (int64_t c = 0; c < g.channels; ++c) {
          for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
            for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
              const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              const int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
              if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) continue;
              const float w = weights[((o * g.channels + c) * g.kernel_h + ky) * g.kernel_w + kx];
              sum += static_cast<double>(w) * image[(c * g.in_h + iy) * g.in_w + ix];
            }
          }
        }
        out[(o * g.out_h + oy) * g.out_w + ox] = Activate(activation, static_cast<float>(sum));
      }
    }
  }
  return out;
}

}  // namespace sentio::cnn::cpu
