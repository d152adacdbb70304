#include "cnn/vision/rgb_image.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace sentio::cnn::vision {
namespace {

// cv::resize's fixed-point interpolation weights: 11 bits.
constexpr int kWeightOne = 2048;

uint8_t Saturate(int value) { return static_cast<uint8_t>(std::clamp(value, 0, 255)); }

// For each destination coordinate, the two source coordinates and their weights (summing to
// kWeightOne), as cv::resize computes them for INTER_LINEAR.
struct LinearTaps {
  std::vector<int> first, second, first_weight, second_weight;
};

LinearTaps MakeLinearTaps(int source_size, int destination_size) {
  const double scale = 1.0 / (static_cast<double>(destination_size) / source_size);
  LinearTaps taps;
  for (int d = 0; d < destination_size; ++d) {
    float f = static_cast<float>((d + 0.5) * scale - 0.5);
    int s = static_cast<int>(std::floor(f));
    f -= s;
    if (s < 0) s = 0, f = 0;
    if (s >= source_size - 1) s = source_size - 1, f = 0;
    taps.first.push_back(s);
    taps.second.push_back(std::min(s + 1, source_size - 1));
    taps.first_weight.push_back(static_cast<int>(std::lrint((1.0f - f) * kWeightOne)));
    taps.second_weight.push_back(static_cast<int>(std::lrint(f * kWeightOne)));
  }
  return taps;
}

}  // namespace

absl::StatusOr<RgbImage> ResizeBilinear(const RgbImage& image, int width, int height) {
  if (width < 1 || height < 1 || image.width < 1 || image.height < 1 ||
      image.pixels.size() != 3 * static_cast<size_t>(image.width) * image.height) {
    return absl::InvalidArgumentError(absl::StrCat("cannot resize a ", image.width, "x",
                                                   image.height, " image to ", width, "x",
                                                   height));
  }
  const LinearTaps columns = MakeLinearTaps(image.width, width);
  const LinearTaps rows = MakeLinearTaps(image.height, height);
  // Horizontal pass of one source row, in units of kWeightOne.
  auto horizontal = [&](int source_row, std::vector<int>& out) {
    const uint8_t* row = &image.pixels[3 * static_cast<size_t>(source_row) * image.width];
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        out[3 * x + c] = row[3 * columns.first[x] + c] * columns.first_weight[x] +
                         row[3 * columns.second[x] + c] * columns.second_weight[x];
      }
    }
  };
  RgbImage resized;
  resized.width = width;
  resized.height = height;
  resized.pixels.resize(3 * static_cast<size_t>(width) * height);
  std::vector<int> top(3 * width), bottom(3 * width);
  for (int y = 0; y < height; ++y) {
    horizontal(rows.first[y], top);
    horizontal(rows.second[y], bottom);
    const int top_weight = rows.first_weight[y], bottom_weight = rows.second_weight[y];
    uint8_t* out = &resized.pixels[3 * static_cast<size_t>(y) * width];
    // OpenCV's vectorised vertical pass: 16-bit high products, then a rounding shift by 2.
    for (int i = 0; i < 3 * width; ++i) {
      const int sum =
          (((top[i] >> 4) * top_weight) >> 16) + (((bottom[i] >> 4) * bottom_weight) >> 16);
      out[i] = Saturate((sum + 2) >> 2);
    }
  }
  return resized;
}

}  // namespace sentio::cnn::vision
