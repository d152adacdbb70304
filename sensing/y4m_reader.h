// Reader for YUV4MPEG2 (.y4m) video, the raw format ffmpeg and mjpegtools write: a stream header
// line `YUV4MPEG2 W320 H240 F30000:1001 Ip A1:1 C420jpeg`, then per frame a `FRAME` line (its
// parameters ignored) and the planes. 8-bit only: colourspaces 420jpeg (the default), 420,
// 420paldv and 420mpeg2 (Y, then U and V at half width and height, rounded up) and mono (Y).
// Errors name the file and, for a frame, its number (from 0).
#ifndef SENSING_Y4M_READER_H_
#define SENSING_Y4M_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/packet.h"

namespace sentio {

struct Y4mVideo {
  int width = 0;
  int height = 0;
  int frame_rate_numerator = 0;  // frames per second = numerator / denominator
  int frame_rate_denominator = 1;
  std::string colourspace;  // as the header spells it, e.g. "420jpeg"
  PixelFormat format = PixelFormat::kYuv420;
  std::vector<VideoFrame> frames;  // planes tightly packed: stride == plane width
};

// Parses the bytes of a .y4m file; `file_name` names it in errors.
absl::StatusOr<Y4mVideo> ParseY4m(absl::string_view bytes, absl::string_view file_name);

absl::StatusOr<Y4mVideo> ReadY4mFile(const std::string& path);

}  // namespace sentio

#endif  // SENSING_Y4M_READER_H_
