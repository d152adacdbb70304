#include "cnn/vision/frame_to_rgb.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/packet.h"
#include "sensing/y4m_reader.h"

namespace sentio::cnn::vision {
namespace {

// OpenCV's BT.601 coefficients (color_yuv.simd.hpp), scaled by 2^20.
constexpr int kShift = 20;
constexpr int kLuma = 1220542;       // 1.164
constexpr int kBlueU = 2116026;      // 2.018
constexpr int kGreenU = -409993;     // -0.391
constexpr int kGreenV = -852492;     // -0.813
constexpr int kRedV = 1673527;       // 1.596

uint8_t Saturate(int value) { return static_cast<uint8_t>(std::clamp(value, 0, 255)); }

absl::Status CheckPlane(const ImagePlane& plane, int width, int height, const char* name) {
  if (plane.width < width || plane.height < height || plane.stride < plane.width ||
      plane.data.size() < static_cast<size_t>(plane.stride) * (height - 1) + width) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ", name, " plane (", plane.width, "x", plane.height, ", stride ", plane.stride, ", ",
        plane.data.size(), " bytes) does not hold ", width, "x", height, " samples"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RgbImage> FrameToRgb(const VideoFrame& frame) {
  const int width = frame.width, height = frame.height;
  if (width < 1 || height < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("a video frame of ", width, "x", height, " pixels"));
  }
  const bool gray = frame.format == PixelFormat::kGray;
  if (frame.planes.size() != (gray ? 1u : 3u)) {
    return absl::InvalidArgumentError(
        absl::StrCat("a ", gray ? "gray" : "YUV 4:2:0", " frame with ", frame.planes.size(),
                     " planes"));
  }
  const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
  absl::Status status = CheckPlane(frame.planes[0], width, height, "Y");
  if (status.ok() && !gray) status = CheckPlane(frame.planes[1], chroma_width, chroma_height, "U");
  if (status.ok() && !gray) status = CheckPlane(frame.planes[2], chroma_width, chroma_height, "V");
  if (!status.ok()) return status;

  RgbImage rgb;
  rgb.width = width;
  rgb.height = height;
  rgb.pixels.resize(3 * static_cast<size_t>(width) * height);
  const ImagePlane& luma = frame.planes[0];
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint8_t* out = &rgb.pixels[3 * (static_cast<size_t>(y) * width + x)];
      const uint8_t sample = luma.data[static_cast<size_t>(y) * luma.stride + x];
      if (gray) {
        out[0] = out[1] = out[2] = sample;
        continue;
      }
      const size_t chroma = static_cast<size_t>(y / 2) * frame.planes[1].stride + x / 2;
      const int u = frame.planes[1].data[chroma] - 128;
      const int v = frame.planes[2].data[(y / 2) * static_cast<size_t>(frame.planes[2].stride) +
                                         x / 2] - 128;
      const int luma_term = std::max(0, sample - 16) * kLuma + (1 << (kShift - 1));
      out[0] = Saturate((luma_term + kRedV * v) >> kShift);
      out[1] = Saturate((luma_term + kGreenV * v + kGreenU * u) >> kShift);
      out[2] = Saturate((luma_term + kBlueU * u) >> kShift);
    }
  }
  return rgb;
}

absl::StatusOr<std::vector<RgbImage>> ReadY4mAsRgb(const std::string& path) {
  ASSIGN_OR_RETURN(Y4mVideo video, ReadY4mFile(path));
  std::vector<RgbImage> images;
  for (size_t i = 0; i < video.frames.size(); ++i) {
    absl::StatusOr<RgbImage> image = FrameToRgb(video.frames[i]);
    if (!image.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": frame ", i, ": ", image.status().message()));
    }
    images.push_back(*std::move(image));
  }
  return images;
}

}  // namespace sentio::cnn::vision
