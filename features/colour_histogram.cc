#include "features/colour_histogram.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

absl::Status CheckPlane(const ImagePlane& plane, int samples_per_pixel, absl::string_view name) {
  if (plane.width <= 0 || plane.height <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " plane is ", plane.width, "x", plane.height, ", not positive"));
  }
  const int64_t row_bytes = static_cast<int64_t>(plane.width) * samples_per_pixel;
  if (plane.stride < row_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(name, " plane stride ", plane.stride,
                                                   " is less than a row of ", row_bytes, " bytes"));
  }
  const int64_t needed = static_cast<int64_t>(plane.stride) * (plane.height - 1) + row_bytes;
  if (static_cast<int64_t>(plane.data.size()) < needed) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " plane has ", plane.data.size(), " bytes, needs ", needed));
  }
  return absl::OkStatus();
}

absl::Status CheckOptions(const ColourHistogramOptions& options, bool even_block) {
  if (options.block_size < 1 || (even_block && options.block_size % 2 != 0)) {
    return absl::InvalidArgumentError(absl::StrCat("block size ", options.block_size, " must be ",
                                                   even_block ? "even and " : "", "positive"));
  }
  if (options.bins_per_channel < 1 || options.bins_per_channel > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("bins per channel ", options.bins_per_channel, " is not in 1..256"));
  }
  return absl::OkStatus();
}

BlockHistograms EmptyHistograms(int width, int height, const ColourHistogramOptions& options) {
  BlockHistograms result;
  result.blocks_across = (width + options.block_size - 1) / options.block_size;
  result.blocks_down = (height + options.block_size - 1) / options.block_size;
  result.bins_per_channel = options.bins_per_channel;
  result.blocks.assign(result.blocks_across * result.blocks_down,
                       std::vector<double>(3 * options.bins_per_channel, 0.0));
  return result;
}

// Sets channel `channel`'s bins of `histogram` from pixels [x0, x1) x [y0, y1) of `plane`: the
// fraction of the pixels in each bin, divided by 3 so that the three channels sum to 1.
void SetChannel(const ImagePlane& plane, int samples_per_pixel, int channel, int x0, int x1, int y0,
                int y1, int bins, std::vector<double>& histogram) {
  std::vector<int64_t> counts(bins, 0);
  const int offset = samples_per_pixel == 3 ? channel : 0;
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = plane.data.data() + static_cast<int64_t>(y) * plane.stride;
    for (int x = x0; x < x1; ++x) ++counts[row[x * samples_per_pixel + offset] * bins / 256];
  }
  const double pixels = static_cast<double>(x1 - x0) * (y1 - y0);
  for (int b = 0; b < bins; ++b) histogram[channel * bins + b] = counts[b] / (3 * pixels);
}

}  // namespace

absl::StatusOr<BlockHistograms> Yuv420BlockHistograms(const Yuv420Frame& frame,
                                                      const ColourHistogramOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options, /*even_block=*/true));
  RETURN_IF_ERROR(CheckPlane(frame.y, 1, "Y"));
  const int chroma_width = (frame.y.width + 1) / 2, chroma_height = (frame.y.height + 1) / 2;
  auto check_chroma = [&](const ImagePlane& plane, absl::string_view name) -> absl::Status {
    if (plane.width != chroma_width || plane.height != chroma_height) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, " plane is ", plane.width, "x", plane.height, ", expected ", chroma_width, "x",
          chroma_height, " for a ", frame.y.width, "x", frame.y.height, " YUV 4:2:0 frame"));
    }
    return CheckPlane(plane, 1, name);
  };
  RETURN_IF_ERROR(check_chroma(frame.u, "U"));
  RETURN_IF_ERROR(check_chroma(frame.v, "V"));
  BlockHistograms result = EmptyHistograms(frame.y.width, frame.y.height, options);
  const int size = options.block_size, bins = options.bins_per_channel;
  for (int by = 0; by < result.blocks_down; ++by) {
    for (int bx = 0; bx < result.blocks_across; ++bx) {
      const int x0 = bx * size, x1 = std::min(x0 + size, frame.y.width);
      const int y0 = by * size, y1 = std::min(y0 + size, frame.y.height);
      std::vector<double>& histogram = result.blocks[by * result.blocks_across + bx];
      SetChannel(frame.y, 1, 0, x0, x1, y0, y1, bins, histogram);
      const int cx0 = x0 / 2, cx1 = (x1 + 1) / 2, cy0 = y0 / 2, cy1 = (y1 + 1) / 2;
      SetChannel(frame.u, 1, 1, cx0, cx1, cy0, cy1, bins, histogram);
      SetChannel(frame.v, 1, 2, cx0, cx1, cy0, cy1, bins, histogram);
    }
  }
  return result;
}

absl::StatusOr<BlockHistograms> RgbBlockHistograms(const ImagePlane& rgb,
                                                   const ColourHistogramOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options, /*even_block=*/false));
  RETURN_IF_ERROR(CheckPlane(rgb, 3, "RGB"));
  BlockHistograms result = EmptyHistograms(rgb.width, rgb.height, options);
  const int size = options.block_size, bins = options.bins_per_channel;
  for (int by = 0; by < result.blocks_down; ++by) {
    for (int bx = 0; bx < result.blocks_across; ++bx) {
      const int x0 = bx * size, x1 = std::min(x0 + size, rgb.width);
      const int y0 = by * size, y1 = std::min(y0 + size, rgb.height);
      std::vector<double>& histogram = result.blocks[by * result.blocks_across + bx];
      for (int channel = 0; channel < 3; ++channel) {
        SetChannel(rgb, 3, channel, x0, x1, y0, y1, bins, histogram);
      }
    }
  }
  return result;
}

absl::StatusOr<double> ChiSquareDistance(absl::Span<const double> a, absl::Span<const double> b) {
  if (a.size() != b.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("histograms differ in length: ", a.size(), " and ", b.size(), " bins"));
  }
  double distance = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double sum = a[i] + b[i];
    if (sum > 0) distance += (a[i] - b[i]) * (a[i] - b[i]) / sum;
  }
  return distance;
}

}  // namespace sentio
