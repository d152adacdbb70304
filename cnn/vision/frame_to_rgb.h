// Video frames (sensing/packet.h) as RGB images, converted as OpenCV's cv::cvtColor
// COLOR_YUV2BGR_I420 does it, bit for bit: BT.601 limited range in 20-bit fixed point, each
// chroma sample shared by its 2x2 pixels. Gray frames give equal R, G and B.
//
// This header does not include sensing/packet.h, whose `Tensor` clashes with cnn/ir/tensor.h's, so
// that code running CNNs can read video through it.
#ifndef CNN_VISION_FRAME_TO_RGB_H_
#define CNN_VISION_FRAME_TO_RGB_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/vision/rgb_image.h"

namespace sentio {
struct VideoFrame;  // sensing/packet.h
}  // namespace sentio

namespace sentio::cnn::vision {

// Errors on planes smaller than the frame says.
absl::StatusOr<RgbImage> FrameToRgb(const VideoFrame& frame);

// Every frame of a .y4m video (sensing/y4m_reader.h).
absl::StatusOr<std::vector<RgbImage>> ReadY4mAsRgb(const std::string& path);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_FRAME_TO_RGB_H_
